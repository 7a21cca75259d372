import type { SignflowService } from '../../app/service';
import { UpdateOrganizationInput } from '../../domain';
import { named } from '../openapi';
import type { ApiRouter } from '../route';
import { MeResponse } from '../schemas';

const OrganizationResponse = MeResponse.shape.organization;
const OrganizationBody = named('UpdateOrganizationRequest', UpdateOrganizationInput);

/** The organization's settings: name, admin email for alerts, webhook organization header, default reminder policy, retention, embed origins. */
export function organizationRoutes(api: ApiRouter, service: SignflowService): void {
	const tag = 'Organization';

	api.define({
		method: 'GET',
		path: '/organization',
		operationId: 'getOrganization',
		summary: "The organization's settings",
		tag,
		responses: { 200: { description: 'The organization', schema: OrganizationResponse } },
		handler: ({ principal }) => service.getOrganization(principal),
	});

	api.define({
		method: 'PATCH',
		path: '/organization',
		operationId: 'updateOrganization',
		summary: "Change the organization's settings",
		description:
			'Fields left out stay as they are. adminEmail receives alerts (a webhook configuration disabled, signed documents that could not be made); ' +
			'webhookOrganizationHeader names the header that carries the organization id on webhook requests (an HTTP header name; underscores allowed); ' +
			'defaultReminderPolicy is given to new signing workflows created without one; retention.days purges finished signing workflows that many days after they ended (null: never); retention.draftDays discards drafts nobody changed for that many days (null: never); ' +
			'embedOrigins lists the origins (e.g. https://portal.example.com, no path or trailing slash, at most 20) whose pages may show the signing page in a frame and receive its postMessage events (an empty list: none may).',
		tag,
		body: OrganizationBody,
		responses: { 200: { description: 'The organization as it now is', schema: OrganizationResponse } },
		handler: ({ principal, body }) => service.updateOrganization(principal, body),
	});
}
