import type { Resource } from '../common';
import { getOrganization } from './get.operation';
import { updateOrganization } from './update.operation';

/** The organization's settings; its API keys stay in the CLI and the API. */
export const organizationResource: Resource = {
	resource: { name: 'Organization', value: 'organization' },
	operationOptions: [
		{ name: 'Get Settings', value: 'get', action: 'Get organization settings', description: 'Admin email, webhook organization header, default reminders, retention, draft retention' },
		{ name: 'Update Settings', value: 'update', action: 'Update organization settings', description: 'Change the admin email, webhook organization header, default reminders, retention or draft retention' },
	],
	operations: { get: getOrganization, update: updateOrganization },
};
