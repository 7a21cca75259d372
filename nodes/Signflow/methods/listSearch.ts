import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import type { TemplatePage, WorkflowPage } from '../../shared/responses';
import { apiRequest } from '../../shared/transport';

const PAGE_SIZE = 50;
/** The engine refuses longer search texts. */
const MAX_SEARCH = 200;

/**
 * The signing workflows of the credential's organization for the "From
 * List" picker, newest first: names that contain what the user types
 * (the engine ignores case and accents), one engine page per scroll.
 */
export async function searchWorkflows(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const qs: IDataObject = { limit: PAGE_SIZE };
	const search = filter?.trim().slice(0, MAX_SEARCH);
	if (search) qs.q = search;
	if (paginationToken) qs.cursor = paginationToken;
	const page = (await apiRequest.call(this, 'GET', '/workflows', { qs })) as WorkflowPage;
	return {
		// Names repeat (one offer letter per candidate): status and day tell them apart.
		results: page.data.map((workflow) => ({
			name: `${workflow.name} (${workflow.status}, ${String(workflow.createdAt).slice(0, 10)})`,
			value: workflow.id,
		})),
		paginationToken: page.nextCursor ?? undefined,
	};
}

/** The templates of the credential's organization for the template picker, newest first, searched by name as workflows are. */
export async function searchTemplates(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const qs: IDataObject = { limit: PAGE_SIZE };
	const search = filter?.trim().slice(0, MAX_SEARCH);
	if (search) qs.q = search;
	if (paginationToken) qs.cursor = paginationToken;
	const page = (await apiRequest.call(this, 'GET', '/templates', { qs })) as TemplatePage;
	return {
		results: page.data.map((template) => ({
			name: `${template.name} (${template.roles.map((role) => role.name).join(', ') || 'no roles'})`,
			value: template.id,
		})),
		paginationToken: page.nextCursor ?? undefined,
	};
}
