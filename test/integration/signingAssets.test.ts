import { rmSync } from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { fixturePdf } from '../helpers/pdf/fixtures';

/** A GET that leaves the body as the server sent it (fetch would decompress it). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
	return new Promise((resolve, reject) => {
		http
			.get(url, { headers }, (response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
			})
			.on('error', reject);
	});
}

function decoded(answer: { headers: http.IncomingHttpHeaders; body: Buffer }): Buffer {
	switch (answer.headers['content-encoding']) {
		case 'br':
			return zlib.brotliDecompressSync(answer.body);
		case 'gzip':
			return zlib.gunzipSync(answer.body);
		case undefined:
			return answer.body;
		default:
			throw new Error(`unexpected content-encoding ${answer.headers['content-encoding']}`);
	}
}

async function signingLink(api: ApiClient, signerName: string, workflowName = 'Contrat – Zoë', message = 'Merci 🙏'): Promise<string> {
	const workflow = await api.post('/workflows', { name: workflowName, message });
	expect(workflow.status).toBe(201);
	const file = await api.upload(workflow.body.id, 'c.pdf', fixturePdf('a4-1page.pdf'));
	const signer = await api.post(`/workflows/${workflow.body.id}/signers`, { name: signerName, email: 'zoe@example.com' });
	expect(signer.status).toBe(201);
	await api.post(`/workflows/${workflow.body.id}/signatures`, { fileId: file.body.id, signerId: signer.body.id, page: 1, x: 72, y: 100 });
	const sent = await api.post(`/workflows/${workflow.body.id}/send`);
	expect(sent.status).toBe(200);
	return sent.body.signers[0].signingUrl;
}

const HASHED = /\/sign\/assets\/[\w./-]+\.[0-9a-f]{8}\.m?js|\/sign\/assets\/[\w./-]+\.[0-9a-f]{8}\.css/g;

interface Running {
	url: string;
	api: ApiClient;
	stop(): Promise<void>;
}

/** The built engine (`signflow serve`, files from dist/engine/http/signing/public) and the TypeScript sources (catalog made in memory). */
const engines: Array<[string, () => Promise<Running>]> = [
	[
		'built',
		async () => {
			const dataDir = tempDataDir('assets');
			const { apiKey } = JSON.parse((await runCli(['org', 'create', '--name', 'Assets Co', '--json', '--data', dataDir])).stdout);
			const engine: EngineProcess = await spawnEngine(['--data', dataDir]);
			return {
				url: engine.url,
				api: new ApiClient(engine.url, apiKey),
				async stop() {
					engine.child.kill('SIGTERM');
					await engine.exited;
					rmSync(dataDir, { recursive: true, force: true });
				},
			};
		},
	],
	[
		'from source',
		async () => {
			const t: TestEngine = await startTestEngine();
			return { url: t.engine.url, api: t.api, stop: () => t.destroy() };
		},
	],
];

describe.each(engines)('the signing page files, engine %s', (_label, start) => {
	let engine: Running;
	let link: string;
	let page: string;
	beforeAll(async () => {
		engine = await start();
		link = await signingLink(engine.api, 'Zoë Ångström');
		page = (await new SignerClient(link).page()).body;
	}, 60_000);
	afterAll(() => engine?.stop());

	it('are referenced by their hashed names, the modules preloaded, and each is served for a year', async () => {
		const referenced = [...new Set(page.match(HASHED))];
		expect(referenced.some((url) => /\/signing-app\.[0-9a-f]{8}\.js$/.test(url))).toBe(true);
		expect(referenced.some((url) => /\/signing\.[0-9a-f]{8}\.css$/.test(url))).toBe(true);
		expect(page).not.toMatch(/\/sign\/assets\/signing-app\.js/);
		for (const module of ['pdf.min', 'dom', 'signature-look', 'signing-dialogs'])
			expect(page).toMatch(new RegExp(`<link rel="modulepreload" href="/sign/assets/${module}\\.[0-9a-f]{8}\\.m?js">`));
		for (const url of referenced) {
			const answer = await rawGet(engine.url + url, { 'accept-encoding': 'gzip, deflate, br' });
			expect([url, answer.status, answer.headers['cache-control']]).toEqual([url, 200, 'public, max-age=31536000, immutable']);
		}
		// The app's own module names what it loads by hashed name too.
		const app = referenced.find((url) => url.includes('/signing-app.'))!;
		const source = decoded(await rawGet(engine.url + app, { 'accept-encoding': 'br' })).toString();
		expect(source).toMatch(/from '\/sign\/assets\/pdf\.min\.[0-9a-f]{8}\.mjs'/);
		expect(source).toMatch(/cMapUrl: '\/sign\/assets\/cmaps\.[0-9a-f]{8}\/'/);
	});

	it.each([
		['gzip, deflate, br', 'br'],
		['gzip', 'gzip'],
		['br;q=0, gzip', 'gzip'],
		['identity', undefined],
	])('answer Accept-Encoding %p in %p, with its length, vary and an ETag that gives 304', async (accept, coding) => {
		const worker = page.match(/"worker":"(\/sign\/assets\/pdf\.worker\.min\.[0-9a-f]{8}\.mjs)"/)![1];
		const plain = await rawGet(engine.url + worker, { 'accept-encoding': 'identity' });
		expect(plain.body.length).toBeGreaterThan(1_000_000);
		const answer = await rawGet(engine.url + worker, { 'accept-encoding': accept });
		expect(answer.status).toBe(200);
		expect(answer.headers['content-encoding']).toBe(coding);
		expect(answer.headers.vary).toBe('accept-encoding');
		expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
		expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
		if (coding) expect(answer.body.length).toBeLessThan(plain.body.length / 3);
		expect(decoded(answer).equals(plain.body)).toBe(true);
		const again = await rawGet(engine.url + worker, { 'accept-encoding': accept, 'if-none-match': answer.headers.etag! });
		expect([again.status, again.body.length]).toEqual([304, 0]);
		const other = await rawGet(engine.url + worker, { 'accept-encoding': accept, 'if-none-match': '"something-else"' });
		expect(other.status).toBe(200);
	});

	it('still answer the names without a hash, and an earlier build’s hashed names, with a short cache', async () => {
		const hashedCss = page.match(/\/sign\/assets\/signing\.[0-9a-f]{8}\.css/)![0];
		const current = decoded(await rawGet(engine.url + hashedCss, { 'accept-encoding': 'gzip' }));
		for (const old of ['/sign/assets/signing.css', '/sign/assets/signing.00000000.css']) {
			const answer = await rawGet(engine.url + old, { 'accept-encoding': 'gzip' });
			expect([old, answer.status, answer.headers['cache-control']]).toEqual([old, 200, 'public, max-age=300']);
			expect(decoded(answer).equals(current)).toBe(true);
		}
		// pdf.js's folders, by their bare names too.
		for (const bare of ['/sign/assets/standard_fonts/FoxitSerif.pfb', '/sign/assets/cmaps/Adobe-Japan1-0.bcmap', '/sign/assets/wasm/openjpeg.wasm'])
			expect([bare, (await rawGet(engine.url + bare)).status]).toEqual([bare, 200]);
		for (const missing of ['/sign/assets/nope.js', '/sign/assets/nope.0badc0de.js', '/sign/assets/..%2f..%2fpackage.json', '/sign/assets/cmaps.0badc0de/../../package.json']) {
			const answer = await rawGet(engine.url + missing);
			expect([missing, answer.status]).toEqual([missing, 404]);
		}
	});

	it('compress the page itself, which carries its session inline', async () => {
		const answer = await rawGet(link, { 'accept-encoding': 'gzip, deflate, br' });
		expect(answer.headers['content-encoding']).toBe('br');
		expect(answer.headers['cache-control']).toBe('no-store');
		// No language on the signer, workflow or organization: the page is in the browser's.
		expect(String(answer.headers.vary).split(/,\s*/).sort()).toEqual(['accept-encoding', 'accept-language']);
		expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
		const html = decoded(answer).toString();
		expect(html).toContain('<script type="application/json" id="signflow-boot">');
		const csp = String(answer.headers['content-security-policy']);
		const nonce = /script-src 'self' 'wasm-unsafe-eval' 'nonce-([^']+)'/.exec(csp)![1];
		expect(csp).not.toContain('unsafe-inline');
		// The one inline script carries the nonce; no other script runs inline.
		const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((match) => match[1]);
		expect(inline).toEqual([' type="application/json" id="signflow-boot"', ` nonce="${nonce}"`]);
	});
});

describe('the session inside the page', () => {
	let t: TestEngine;
	beforeAll(async () => {
		t = await startTestEngine();
	});
	afterAll(() => t.destroy());

	// Names are one line (U+2028 is refused there); a message may hold U+2028 and U+2029.
	const HOSTILE = '</script><script>alert(1)</script><!-- \u202Eשלום עולם\u202C 👩🏽‍💻 Zoë';
	const MESSAGE = `Ligne un\u2028ligne deux\u2029 ${HOSTILE}`;

	it('survives signer- and sender-typed text that tries to end it, and reads back as what GET /session answers', async () => {
		const link = await signingLink(t.api, HOSTILE, `Contract ${HOSTILE}`, MESSAGE);
		const signer = new SignerClient(link);
		const html = (await signer.page()).body;
		const block = /<script type="application\/json" id="signflow-boot">([\s\S]*?)<\/script>/.exec(html)![1];
		expect(block).not.toMatch(/[<>\u2028\u2029]/);
		const boot = JSON.parse(block);
		expect(boot.session.signer.name).toBe(HOSTILE);
		expect(boot.session.workflow.name).toBe(`Contract ${HOSTILE}`);
		expect(boot.session.workflow.message).toBe(MESSAGE);
		// Everything between the data block and the end of the page is the engine's own markup.
		expect(html.split('</script>')).toHaveLength(1 + html.match(/<script[\s>]/g)!.length);
		expect(boot.session).toEqual((await signer.session()).body);
	});

	it('is sent without recording signer.viewed; the page records it once it shows the document', async () => {
		const link = await signingLink(t.api, 'Ann Lee', 'Viewed or not');
		const signer = new SignerClient(link);
		const workflowId = (await t.api.get('/workflows?limit=100')).body.data.find((w: { name: string }) => w.name === 'Viewed or not').id;
		const viewedEvents = async () =>
			((await t.api.get(`/workflows/${workflowId}/audit`)).body.events as Array<{ type: string }>).filter((event) => event.type === 'signer.viewed');
		expect((await signer.page()).status).toBe(200);
		expect(await viewedEvents()).toHaveLength(0);
		const viewed = await fetch(`${link}/viewed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		expect([viewed.status, await viewed.json()]).toEqual([200, { ok: true }]);
		await fetch(`${link}/viewed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		expect(await viewedEvents()).toHaveLength(1);
	});
});
