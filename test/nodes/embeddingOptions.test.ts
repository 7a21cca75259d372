import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { runSignflowNode, shutdownN8nCore } from '../helpers/n8n/inProcessNode';

/* The n8n side of embedded signing: Embed Origins on Organization → Update, Redirect URL on Signing Workflow → Add and Signer → Add. */

let t: TestEngine;
let credentials: ICredentialDataDecryptedObject;

beforeAll(async () => {
	t = await startTestEngine();
	credentials = { mode: 'remote', url: t.engine.url, apiKey: t.api.apiKey! };
});
afterAll(async () => {
	await t.destroy();
	shutdownN8nCore();
});

const json = (items: INodeExecutionData[]) => items.map((item) => item.json as Record<string, any>);

async function run(parameters: Record<string, unknown>) {
	const result = await runSignflowNode(parameters, credentials);
	if (result.error) throw result.error;
	return json(result.items);
}

describe('Organization → Update: Embed Origins', () => {
	it('takes origins separated by commas or line breaks, says what is wrong with a bad one, and empties the list', async () => {
		const [set] = await run({
			resource: 'organization',
			operation: 'update',
			updateFields: { embedOrigins: 'https://portal.example.com,\n  https://xn--bcher-kva.example , http://127.0.0.1:8080\n' },
		});
		expect(set.embedOrigins).toEqual(['https://portal.example.com', 'https://xn--bcher-kva.example', 'http://127.0.0.1:8080']);

		const bad = await runSignflowNode({ resource: 'organization', operation: 'update', updateFields: { embedOrigins: 'https://portal.example.com/sign' } }, credentials);
		expect((bad.error as unknown as { httpCode: string }).httpCode).toBe('422');
		expect(bad.error!.message + String((bad.error as unknown as { description?: string }).description)).toContain('no path');

		const [cleared] = await run({ resource: 'organization', operation: 'update', updateFields: { embedOrigins: '' } });
		expect(cleared.embedOrigins).toEqual([]);
	});
});

describe('Redirect URL', () => {
	it('is set on a signing workflow and on a signer, and refused when not https', async () => {
		const [workflow] = await run({ resource: 'workflow', operation: 'add', name: 'Contrat – Zoë', additionalFields: { redirectUrl: ' https://portal.example.com/fertig?kunde=Zoë ' } });
		expect(workflow.redirectUrl).toBe('https://portal.example.com/fertig?kunde=Zoë');
		const signerParameters = { resource: 'signer', operation: 'add', workflowId: workflow.id, name: 'Zoë Ødegård', email: 'zoe@example.com', role: 'signer', order: 1, accessCode: '' };
		const [signer] = await run({ ...signerParameters, redirectUrl: 'http://localhost:3000/back' });
		expect(signer.redirectUrl).toBe('http://localhost:3000/back');
		const [without] = await run({ ...signerParameters, email: 'li@example.com', redirectUrl: '' });
		expect(without.redirectUrl).toBeNull();

		const bad = await runSignflowNode({ ...signerParameters, email: 'ann@example.com', redirectUrl: 'http://portal.example.com/back' }, credentials);
		expect((bad.error as unknown as { httpCode: string }).httpCode).toBe('422');
	});
});
