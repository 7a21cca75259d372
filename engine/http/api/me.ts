import type { SignflowService } from '../../app/service';
import type { ApiRouter } from '../route';
import { MeResponse } from '../schemas';

export function meRoutes(api: ApiRouter, service: SignflowService): void {
	api.define({
		method: 'GET',
		path: '/me',
		operationId: 'getMe',
		summary: "The API key's organization (use it to test a credential)",
		tag: 'Organization',
		responses: { 200: { description: 'Who the key belongs to', schema: MeResponse } },
		handler: async ({ principal }) => ({
			organization: await service.getOrganization(principal),
			apiKey: { id: principal.apiKeyId, mode: principal.mode },
		}),
	});
}
