import type { SignflowService } from '../../app/service';
import { invalid } from '../../domain';
import type { ApiRouter } from '../route';
import { ApiKeyBody, ApiKeyCreatedResponse, ApiKeyListResponse } from '../schemas';

export function apiKeyRoutes(api: ApiRouter, service: SignflowService): void {
	const tag = 'Organization';

	api.define({
		method: 'POST',
		path: '/api-keys',
		operationId: 'createApiKey',
		summary: 'Create another API key for the organization',
		description:
			'The answer carries the key itself, once; the engine keeps only its hash. The new key has the mode asked for (live or test), by default that of the key that asks; a test key makes only test keys (422 test_key_cannot_make_live_key).',
		tag,
		body: ApiKeyBody,
		responses: { 201: { description: 'The key', schema: ApiKeyCreatedResponse } },
		handler: async ({ principal, body }) => {
			const mode = body.mode ?? principal.mode;
			if (principal.mode === 'test' && mode === 'live')
				throw invalid('test_key_cannot_make_live_key', 'A test key makes only test keys: ask for a live key with a live key.', [{ path: 'mode', message: 'Must be test.' }]);
			const { apiKey, apiKeyInfo } = await service.createApiKey(principal.organizationId, body.name, mode);
			return { ...apiKeyInfo, apiKey };
		},
	});

	api.define({
		method: 'GET',
		path: '/api-keys',
		operationId: 'listApiKeys',
		summary: "The organization's API keys",
		description: 'Prefix, name, mode, when created and when revoked; never the keys or their hashes.',
		tag,
		responses: { 200: { description: 'Every key, oldest first', schema: ApiKeyListResponse } },
		handler: async ({ principal }) => ({ data: await service.listApiKeys(principal.organizationId) }),
	});

	api.define({
		method: 'DELETE',
		path: '/api-keys/{apiKeyId}',
		operationId: 'revokeApiKey',
		summary: 'Revoke an API key',
		description: 'Refused at once by this engine process, within a second by the others. The organization\'s last active key cannot be revoked (409 last_api_key).',
		tag,
		responses: { 204: { description: 'Revoked' } },
		handler: async ({ principal, params, reply }) => {
			await service.revokeApiKey(principal, params.apiKeyId);
			return reply.status(204).send();
		},
	});

	api.define({
		method: 'POST',
		path: '/api-keys/{apiKeyId}/rotate',
		operationId: 'rotateApiKey',
		summary: 'Replace an API key with a new one',
		description: 'A new key with the same name and mode; the old one is revoked in the same step. Put the new key where the old one was used (the n8n credential) before anything else calls.',
		tag,
		responses: { 201: { description: 'The new key', schema: ApiKeyCreatedResponse } },
		handler: async ({ principal, params }) => {
			const { apiKey, apiKeyInfo } = await service.rotateApiKey(principal, params.apiKeyId);
			return { ...apiKeyInfo, apiKey };
		},
	});
}
