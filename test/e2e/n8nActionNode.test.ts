import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { tempDataDir } from '../helpers/engine/engine';
import { importInto, n8nHome, parseRawOutput, type N8nHome } from '../helpers/n8n/installedN8n';
import { pdfsig, pdftotext } from '../helpers/pdf/pdfTools';

/*
 * The action node inside a REAL n8n 2.8.4: the package (dist/) is loaded as a
 * custom extension, a flow kept in test/e2e/n8n/ is imported with its
 * credential and run with `n8n execute`. The flow reads a PDF from disk,
 * builds a signing workflow, sends it, has both signers sign through the
 * engine's signing API (HTTP Request nodes) and downloads the signed PDF.
 * The signing workflow is in German, Bob's language (pt-BR) mapped by an expression.
 * The flow file is saved with version 1 of the node (plain ID strings), as
 * flows from before version 2 are; it also runs rewritten as version 2.
 */

const FLOW = path.resolve(__dirname, 'n8n/signing-flow.json');
const PDF = path.resolve(__dirname, '../fixtures/pdf/a4-1page.pdf');

function flow() {
	return JSON.parse(readFileSync(FLOW, 'utf8').replace('__PDF_PATH__', PDF));
}

/**
 * The same flow as version 2 of the node saves it: the signing workflow as a
 * resource locator ("By ID", mapped from "Add Workflow").
 */
function flowV2() {
	const saved = flow();
	for (const node of saved.nodes)
		if (node.type === 'CUSTOM.signflow') {
			node.typeVersion = 2;
			if (typeof node.parameters.workflowId === 'string') node.parameters.workflowId = { __rl: true, mode: 'id', value: node.parameters.workflowId };
		}
	return saved;
}

async function runFlow(home: N8nHome, credentialData: Record<string, unknown>, workflow = flow()) {
	await importInto(home, [{ id: 'signflowCred', name: 'Signflow', type: 'signflowApi', data: credentialData }], workflow);
	const result = await home.run(['execute', '--id=signflowE2E1', '--rawOutput']);
	if (result.code !== 0) throw new Error(`n8n execute failed (${result.code}): ${result.stdout.slice(-3000)}${result.stderr.slice(-3000)}`);
	return parseRawOutput(result.stdout).data.resultData.runData as Record<string, Array<{ executionStatus: string; data: { main: Array<Array<{ json: any; binary?: any }>> } }>>;
}

function expectSignedFlow(runData: Awaited<ReturnType<typeof runFlow>>, engineUrl: string) {
	const nodes = Object.keys(runData);
	expect(nodes).toHaveLength(13);
	for (const node of nodes) expect({ node, status: runData[node][0].executionStatus }).toEqual({ node, status: 'success' });
	const first = (node: string) => runData[node][0].data.main[0][0];

	expect(first('Add Workflow').json).toMatchObject({ status: 'draft', requestFrom: 'HRPortal', metadata: { candidateId: 'C-1042' }, locale: 'de' });
	// Ann follows the workflow's language; Bob's comes from an expression, made canonical by the engine.
	expect([first('Add Signer Ann').json.locale, first('Add Signer Bob').json.locale]).toEqual([null, 'pt-BR']);
	expect(first('Add File').json).toMatchObject({ name: 'offer.pdf', pageCount: 1 });
	const sent = first('Send').json;
	expect(sent.status).toBe('sent');
	expect(sent.signingLinks.map((link: { name: string; signingUrl: string }) => [link.name, link.signingUrl.startsWith(`${engineUrl}/sign/`)])).toEqual([
		['Ann Lee', true],
		['Bob Ray', true],
	]);
	expect(first('Ann Signs').json).toEqual({ state: 'done' });
	expect(first('Bob Signs').json).toEqual({ state: 'completed' });

	const download = first('Download Signed Document');
	expect(download.json).toMatchObject({ fileName: 'offer-signed.pdf', workflowName: 'Offer letter for Ann Lee' });
	expect(download.binary.data).toMatchObject({ fileName: 'offer-signed.pdf', mimeType: 'application/pdf', fileExtension: 'pdf' });
	const pdf = Buffer.from(download.binary.data.data, 'base64');
	expect(createHash('sha256').update(pdf).digest('hex')).toBe(download.json.sha256);
	expect(pdfsig(pdf)).toContain('Signature Validation: Signature is Valid.');
	const text = pdftotext(pdf).replace(/\s+/g, ' ');
	for (const expected of ['Candidate C-1042', 'Ann Lee', 'Bob Ray', 'Certificate of completion']) expect(text).toContain(expected);
	return first('Add Workflow').json.id as string;
}

describe('the Signflow action node in a real n8n 2.8.4', () => {
	it('runs the whole signing flow with the embedded engine (started inside n8n)', async () => {
		const home = n8nHome();
		try {
			const runData = await runFlow(home, { mode: 'embedded', dataFolder: path.join(home.folder, 'signflow'), port: 0, host: '127.0.0.1', publicUrl: '' });
			const link: string = runData.Send[0].data.main[0][0].json.signingLinks[0].signingUrl;
			expectSignedFlow(runData, new URL(link).origin);
			// The embedded engine kept its data in the folder the credential named, and the key of the
			// credential's organization only in the credential, where n8n stored it (encrypted) on first use.
			expect(existsSync(path.join(home.folder, 'signflow', 'signflow.db'))).toBe(true);
			expect(existsSync(path.join(home.folder, 'signflow', 'embedded-api-key.json'))).toBe(false);
			const exported = path.join(home.folder, 'credentials-export.json');
			expect((await home.run(['export:credentials', '--all', '--decrypted', `--output=${exported}`])).code).toBe(0);
			const [credential] = JSON.parse(readFileSync(exported, 'utf8'));
			expect(credential.data.embeddedApiKey).toMatch(/^sf_live_/);
		} finally {
			home.remove();
		}
	}, 240_000);

	it('runs the flow as version 2 of the node saves it (resource locators), with the embedded engine', async () => {
		const home = n8nHome();
		try {
			const saved = flowV2();
			expect(saved.nodes.filter((node: { typeVersion: number; parameters: { workflowId?: { __rl?: boolean } } }) => node.parameters.workflowId?.__rl)).toHaveLength(8);
			const runData = await runFlow(home, { mode: 'embedded', dataFolder: path.join(home.folder, 'signflow'), port: 0, host: '127.0.0.1', publicUrl: '' }, saved);
			const link: string = runData.Send[0].data.main[0][0].json.signingLinks[0].signingUrl;
			expectSignedFlow(runData, new URL(link).origin);
		} finally {
			home.remove();
		}
	}, 240_000);

	it('runs the whole signing flow against a remote engine', async () => {
		const dataDir = tempDataDir('n8n-remote');
		const { apiKey } = JSON.parse((await runCli(['org', 'create', '--name', 'Remote Co', '--json', '--data', dataDir])).stdout);
		let engine: EngineProcess | null = null;
		const home = n8nHome();
		try {
			engine = await spawnEngine(['--data', dataDir]);
			const runData = await runFlow(home, { mode: 'remote', url: engine.url, apiKey });
			const workflowId = expectSignedFlow(runData, engine.url);
			const response = await fetch(`${engine.url}/api/v1/workflows/${workflowId}`, { headers: { authorization: `Bearer ${apiKey}` } });
			expect(await response.json()).toMatchObject({ status: 'completed', signers: [{ status: 'signed' }, { status: 'signed' }] });
		} finally {
			engine?.child.kill('SIGTERM');
			await engine?.exited;
			home.remove();
			rmSync(dataDir, { recursive: true, force: true });
		}
	}, 240_000);
});
