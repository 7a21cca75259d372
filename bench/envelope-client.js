// One envelope, end to end, as n8n and two signers' browsers drive it: a draft with a 1-page PDF,
// two signers each with a signature field, sent; each signer's browser does what the signing page
// does (engine/http/signing/assets/signing-app.js): the page (its session inline), the document,
// the view recorded once it is shown, then the signature, drawn; done when workflow.completed
// reaches the receiver. (Assets are cached immutable after a signer's first visit: left out.) Every
// POST of the API carries an Idempotency-Key of its own, as the n8n node sends with each item,
// unless `idempotencyKeys` is false.
'use strict';
const { randomUUID } = require('node:crypto');
const http = require('node:http');

const SIGNERS = [
	{ name: 'Zoë Ångström', email: 'zoe@example.com' },
	{ name: 'محمد الأحمد', email: 'mohammed@example.com' },
];

async function json(pool, method, path, headers, body) {
	const response = await pool.request({ method, path, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body && JSON.stringify(body) });
	const text = await response.body.text();
	if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${text}`);
	return text ? JSON.parse(text) : null;
}

/** A step of an envelope run as it is: what `step` wraps each request (and the wait for completion) in when it is not given. */
const unmeasured = (_name, request) => request();

/** A signer's browser: cookies kept, the page and the document it loads, the view recorded, then the signature. */
async function signAsBrowser(pool, signingUrl, fileId, fieldId, pngBase64, step = unmeasured, last = false) {
	const base = new URL(signingUrl).pathname;
	let cookie = null;
	const call = async (method, path, body) => {
		const headers = { 'user-agent': 'Mozilla/5.0 (bench)', ...(cookie ? { cookie } : {}), ...(body ? { 'content-type': 'application/json' } : {}) };
		const response = await pool.request({ method, path, headers, body: body && JSON.stringify(body) });
		const setCookie = response.headers['set-cookie'];
		if (setCookie) cookie = String(setCookie).split(';')[0];
		const bytes = Buffer.from(await response.body.arrayBuffer());
		if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${bytes}`);
		return bytes;
	};
	await step('GET /sign/{token}', () => call('GET', base));
	await step('GET /sign/{token}/document/{fileId}', () => call('GET', `${base}/document/${fileId}`));
	await step('POST /sign/{token}/viewed', () => call('POST', `${base}/viewed`, {}));
	await step(`POST /sign/{token}/sign (${last ? 'last signer' : 'not last'})`, () =>
		call('POST', `${base}/sign`, { consent: true, values: { [fieldId]: { type: 'drawn', pngBase64 } } }),
	);
}

/**
 * Runs one envelope; resolves once its workflow.completed webhook has been received. `step(name,
 * request)` is called around each request and around the wait for completion (bench/envelopeSteps.js).
 */
async function runEnvelope({ pool, apiKey, pdfBase64, pngBase64, completions, index, idempotencyKeys = true, step = unmeasured }) {
	const headers = { authorization: `Bearer ${apiKey}` };
	// As the n8n node does (nodes/shared/idempotencyKey.ts): every POST of an item carries a key of its own.
	const post = (path, body) => json(pool, 'POST', path, idempotencyKeys ? { ...headers, 'idempotency-key': `n8n-${randomUUID()}` } : headers, body);
	const workflow = await step('POST /workflows', () => post('/api/v1/workflows', { name: `Arbeitsvertrag Nr. ${index} – Zoë Ångström`, timeZone: 'Europe/Berlin' }));
	const api = `/api/v1/workflows/${workflow.id}`;
	const completed = completions.wait(workflow.id);
	const file = await step('POST /workflows/{id}/files', () => post(`${api}/files`, { name: 'arbeitsvertrag.pdf', contentBase64: pdfBase64 }));
	const fields = new Map();
	for (const [at, person] of SIGNERS.entries()) {
		const signer = await step('POST /workflows/{id}/signers', () => post(`${api}/signers`, person));
		const field = await step('POST /workflows/{id}/signatures', () =>
			post(`${api}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 60 + at * 250, y: 90, width: 180, height: 60 }),
		);
		fields.set(signer.email, field.id);
	}
	const sent = await step('POST /workflows/{id}/send', () => post(`${api}/send`));
	for (const [at, signer] of sent.signers.entries()) await signAsBrowser(pool, signer.signingUrl, file.id, fields.get(signer.email), pngBase64, step, at + 1 === sent.signers.length);
	await step('sealed, workflow.completed received', () => completed);
}

/** A loopback receiver that resolves each workflow's workflow.completed. */
function startCompletions() {
	const waiting = new Map();
	const arrived = new Set();
	const server = http.createServer((request, response) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			response.writeHead(204).end();
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			if (body.event !== 'workflow.completed') return;
			const id = body.data.workflowId;
			const resolve = waiting.get(id);
			if (resolve) resolve();
			else arrived.add(id);
		});
	});
	const wait = (id) =>
		arrived.delete(id) ? Promise.resolve() : new Promise((resolve) => waiting.set(id, () => (waiting.delete(id), resolve())));
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve({ wait, url: `http://127.0.0.1:${server.address().port}/hook`, close: () => server.close() })),
	);
}

module.exports = { runEnvelope, startCompletions };
