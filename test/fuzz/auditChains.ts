import type { DatabaseReader } from './consistency';
import type { Org } from './model';
import { requestMeta } from './resolve';
import { Transport } from './transport';

/**
 * Asks the API for the audit trail of every workflow in the database and
 * returns those whose hash chain is not intact (or that cannot be read).
 */
export async function brokenAuditChains(
	reader: DatabaseReader,
	baseUrl: string,
	keys: Record<Org, string>,
	organizationIds: Record<Org, string>,
): Promise<{ checked: number; problems: string[] }> {
	const orgOf = new Map(Object.entries(organizationIds).map(([org, id]) => [id, org as Org]));
	const workflows = (await reader.all('select id, organization_id from workflows order by id')).filter((row) => orgOf.has(row.organization_id));
	const transport = new Transport(baseUrl, 4);
	const problems: string[] = [];
	let next = 0;
	const worker = async () => {
		while (next < workflows.length) {
			const { id, organization_id: organizationId } = workflows[next++];
			const request = {
				method: 'GET',
				path: `/api/v1/workflows/${id}/audit`,
				headers: { authorization: `Bearer ${keys[orgOf.get(organizationId)!]}` },
				body: null,
				meta: requestMeta({ label: 'audit', actor: orgOf.get(organizationId)! }),
			};
			const response = await transport.send(request, 30_000);
			if (response.status !== 200) {
				problems.push(`GET /workflows/${id}/audit answered ${response.status}`);
				continue;
			}
			const { chain } = JSON.parse(response.body.toString('utf8'));
			if (chain?.intact !== true) problems.push(`workflow ${id}: audit chain broken: ${JSON.stringify(chain)}`);
		}
	};
	try {
		await Promise.all([worker(), worker(), worker(), worker()]);
	} finally {
		transport.close();
	}
	return { checked: workflows.length, problems };
}
