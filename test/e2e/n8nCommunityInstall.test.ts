import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installLikeN8n, packTarball, type CommunityInstall } from '../helpers/n8n/installedCommunityPackage';
import { importInto, n8nHome, type N8nHome, type N8nVersion } from '../helpers/n8n/installedN8n';
import { freePort, startN8n, type N8nServer } from '../helpers/n8n/installedServer';
import { pdfsig, pdftotext } from '../helpers/pdf/pdfTools';
import { until } from '../helpers/waits';

/*
 * The package as a self-hosting user gets it: `npm pack`ed, installed into a
 * fresh n8n user folder the way n8n's Settings -> Community Nodes installs it
 * (scripts ignored, no compiler on the PATH, dev/peer/optional dependencies
 * dropped), then a real `n8n start` of the n8n people run today (2.41.0 on
 * Node 24) and of 2.8.4 on Node 20. Nothing of this repository's
 * node_modules or dist/ is loaded: the nodes are the installed package's
 * (`n8n-nodes-signflow.signflow`), and the embedded engine starts inside n8n
 * from the installed dependencies alone.
 */

const E2E = path.resolve(__dirname, 'n8n');
const PDF = path.resolve(__dirname, '../fixtures/pdf/a4-1page.pdf');
const TYPE_PREFIX = 'n8n-nodes-signflow.';
const SIGNERS = { ann: 'Zoë Ångström-Núñez', bob: 'Bob 李雷 Zu\u0308rich' };

function asInstalled(flow: any): any {
	return JSON.parse(
		JSON.stringify(flow)
			.replaceAll('CUSTOM.', TYPE_PREFIX)
			.replaceAll('__PDF_PATH__', PDF)
			.replaceAll('Ann Lee', SIGNERS.ann)
			.replaceAll('Bob Ray', SIGNERS.bob),
	);
}

/** The signing flow of the action-node test, started by a webhook and answering with the signed PDF. */
function signingFlow(): any {
	const flow = asInstalled(JSON.parse(readFileSync(path.join(E2E, 'signing-flow.json'), 'utf8')));
	const start = flow.nodes.find((node: { name: string }) => node.name === 'Start');
	Object.assign(start, {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: '7d3c9b1e-5f2a-4e8d-9c6b-1a2b3c4d5e6f',
		parameters: { httpMethod: 'POST', path: 'signflow-install-e2e', responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
	});
	return { ...flow, id: 'signflowInstall1', settings: { ...flow.settings, saveDataSuccessExecution: 'all' } };
}

function triggerFlow(): any {
	return asInstalled(JSON.parse(readFileSync(path.join(E2E, 'trigger-flow.json'), 'utf8')));
}

describe.each<N8nVersion>(['2.41.0', '2.8.4'])('installed the way n8n %s installs community packages', (version) => {
	let home: N8nHome;
	let installed: CommunityInstall;
	let n8n: N8nServer;
	const signing = signingFlow();
	const trigger = triggerFlow();

	beforeAll(async () => {
		home = n8nHome({ version, loadDist: false });
		installed = installLikeN8n(packTarball(), home.folder, home.install);
		const port = await freePort();
		await importInto(
			home,
			[{ id: 'signflowCred', name: 'Signflow', type: 'signflowApi', data: { mode: 'embedded', dataFolder: path.join(home.folder, 'signflow-data'), port, host: '127.0.0.1', publicUrl: '' } }],
			signing,
		);
		await importInto(home, [], trigger);
		n8n = await startN8n(home);
	}, 600_000);

	afterAll(async () => {
		await n8n?.stop();
		home?.remove();
	});

	it('installs without scripts or a compiler, in under 100 MiB', () => {
		const nodeModules = path.join(installed.packageDir, 'node_modules');
		expect(readFileSync(path.join(nodeModules, 'libsql', 'package.json'), 'utf8')).toContain('"name": "libsql"');
		// What n8n's install drops: nothing the package needs at run time may be among them.
		const manifest = JSON.parse(readFileSync(path.join(installed.packageDir, 'package.json'), 'utf8'));
		expect(manifest.devDependencies).toBeUndefined();
		expect(installed.bytes).toBeLessThan(100 * 1024 * 1024);
		console.log(`n8n ${version}: installed in ${installed.seconds.toFixed(1)} s, ${(installed.bytes / 1024 / 1024).toFixed(1)} MiB`);
	});

	it('activates a trigger flow: the trigger registers itself at the embedded engine started inside n8n', async () => {
		const activated = await n8n.api('POST', `/workflows/${trigger.id}/activate`);
		expect({ status: activated.status, body: activated.status === 200 ? 'ok' : activated.body }).toEqual({ status: 200, body: 'ok' });
		expect((await n8n.api('POST', `/workflows/${signing.id}/activate`)).status).toBe(200);
		// 2.41 publishes in the background: the trigger must be registered before the events come.
		if (version !== '2.8.4') expect(await n8n.published(trigger.id)).toMatchObject({ triggers: [{ status: 'activated' }] });
	}, 180_000);

	it('builds, sends, signs and seals a document on the embedded engine, and the trigger fires with the signed PDF', async () => {
		// Publishing may finish after the answer (2.41): the webhook exists once n8n routes it.
		const response = await until(
			() => fetch(`${n8n.url}/webhook/signflow-install-e2e`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
			(answer) => answer.status !== 404,
			60_000,
		);
		expect(response.status).toBe(200);
		const download = (await response.json()) as { fileName: string; workflowName: string; sha256: string };
		expect(download).toMatchObject({ fileName: 'offer-signed.pdf', workflowName: `Offer letter for ${SIGNERS.ann}` });

		const executions = await n8n.api('GET', `/executions?workflowId=${signing.id}&includeData=true&limit=5`);
		const runData = executions.body.data[0].data.resultData.runData as Record<string, Array<{ executionStatus: string; data: any }>>;
		for (const [node, runs] of Object.entries(runData)) expect({ node, status: runs[0].executionStatus }).toEqual({ node, status: 'success' });
		const binary = runData['Download Signed Document'][0].data.main[0][0].binary.data;
		const pdf = Buffer.from(binary.data, 'base64');
		expect(createHash('sha256').update(pdf).digest('hex')).toBe(download.sha256);
		expect(pdfsig(pdf)).toContain('Signature Validation: Signature is Valid.');
		const text = pdftotext(pdf).replace(/\s+/g, ' ');
		for (const expected of ['Candidate C-1042', 'Certificate of completion', 'Zoë Ångström-Núñez']) expect(text).toContain(expected);

		const completed = await until(
			async () => {
				const list = await n8n.api('GET', `/executions?workflowId=${trigger.id}&includeData=true&limit=50`);
				return ((list.body?.data ?? []) as Array<{ data: any }>)
					.map((execution) => execution.data?.resultData?.runData?.['Signflow Trigger']?.[0]?.data?.main?.[0]?.[0])
					.filter((item) => item?.json?.event === 'workflow.completed');
			},
			(items) => items.length > 0,
			60_000,
		);
		expect(completed[0].json.data).toMatchObject({ requestFrom: 'HRPortal', metadata: { candidateId: 'C-1042' } });
		expect(completed[0].binary?.data).toMatchObject({ fileName: 'offer-signed.pdf', mimeType: 'application/pdf' });
	}, 180_000);
});

describe('installed by hand, as the README says (npm install in ~/.n8n/nodes)', () => {
	it('installs on Node 20 without pulling n8n-workflow (whose isolated-vm needs Node 24)', () => {
		const nodesDir = mkdtempSync(path.join(os.tmpdir(), 'signflow-by-hand-'));
		try {
			writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
			execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', packTarball()], { cwd: nodesDir, stdio: ['ignore', 'pipe', 'pipe'] });
			const installed = readdirSync(path.join(nodesDir, 'node_modules'));
			expect(installed).toContain('n8n-nodes-signflow');
			expect(installed).not.toContain('n8n-workflow');
			// The engine loads from what was installed.
			const version = execFileSync(process.execPath, [path.join(nodesDir, 'node_modules', 'n8n-nodes-signflow', 'dist', 'engine', 'cli.js'), '--version'], { encoding: 'utf8' });
			expect(version.trim()).toMatch(/^\d+\.\d+\.\d+/);
		} finally {
			rmSync(nodesDir, { recursive: true, force: true });
		}
	}, 120_000);
});
