import { fixturePdf } from '../helpers/pdf/fixtures';
import { PNG_BASE64 } from './images';
import type { Model, Org } from './model';
import { requestMeta, signValuesFor, type HttpRequest, type RequestMeta } from './resolve';
import type { HttpResponse, Transport } from './transport';

export interface SetupContext {
	transport: Transport;
	model: Model;
	keys: Record<Org, string>;
	receiverUrl: string;
	/** Counts and checks every answer, as for the fuzzed requests. */
	observe(request: HttpRequest, response: HttpResponse): void;
}

/**
 * Real state for both organizations before the fuzzing starts, so generated
 * requests meet workflows in every state: empty and ready drafts, sent ones
 * (one behind an access code, one with an approver, a cc and fields to fill),
 * cancelled, refused and completed ones, webhooks to a live receiver
 * (whose deliveries then exist), and branding.
 */
export async function seedState(context: SetupContext): Promise<void> {
	for (const org of ['A', 'B'] as const) {
		const call = caller(context, org);
		await call('PUT', '/interface', { primaryColor: '#0a7d4f', logo: { contentBase64: PNG_BASE64 } });
		await call('POST', '/webhooks', { name: 'Every event — Zu\u0308rich', url: context.receiverUrl, retryIntervals: ['PT1S', 'PT2S'], headers: { 'x-team': 'hr' } });
		await call('POST', '/webhooks', {
			name: 'Endings',
			url: context.receiverUrl,
			auth: { type: 'basic', username: 'hr', password: 'pässwörd' },
			events: ['workflow.completed', 'workflow.refused', 'workflow.expired', 'workflow.cancelled'],
		});
		await call('POST', '/workflows', { name: 'Empty draft' });
		await readyDraft(call, 'Ready draft with code — محمد', { withCode: true, rich: true });
		for (const name of ['Sent with code — 東京', 'To cancel', 'To refuse', 'To complete']) {
			const id = await readyDraft(call, name, { withCode: name.startsWith('Sent with code'), rich: name === 'To complete' });
			await call('POST', `/workflows/${id}/send`);
		}
		const workflows = context.model.workflowsOf(org);
		const byName = (status: string) => workflows.filter((workflow) => workflow.status === status);
		const [toCancel, toRefuse, toComplete] = byName('sent').slice(-3);
		await call('POST', `/workflows/${toCancel.id}/cancel`, { reason: 'Changed plans' });
		await signerAct(context, toRefuse.signerIds.find((id) => context.model.signers.get(id)?.role === 'signer')!, 'refuse');
		// The signer (order 1), then the approver (order 2); the cc has nothing to do.
		const actors = toComplete.signerIds.map((id) => context.model.signers.get(id)!).filter((signer) => signer.role !== 'cc');
		for (const role of ['signer', 'approver']) for (const signer of actors.filter((one) => one.role === role)) await signerAct(context, signer.id, 'sign');
		for (const workflow of [toCancel, toRefuse, toComplete]) await call('GET', `/workflows/${workflow.id}`);
		await call('GET', '/webhooks');
	}
}

type Call = (method: string, path: string, json?: unknown) => Promise<any>;

function caller(context: SetupContext, org: Org): Call {
	return async (method, path, json) => {
		const request: HttpRequest = {
			method,
			path: `/api/v1${path}`,
			headers: { authorization: `Bearer ${context.keys[org]}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
			body: json === undefined ? null : Buffer.from(JSON.stringify(json)),
			meta: setupMeta(org, json),
		};
		const response = await context.transport.send(request, 30_000);
		context.observe(request, response);
		if (response.status >= 300) throw new Error(`setup: ${method} ${path} answered ${response.status}: ${response.body.toString().slice(0, 500)}`);
		const body = JSON.parse(response.body.toString('utf8') || 'null');
		const operationId = operationOf(method, path);
		context.model.absorb(org, operationId, json, body);
		return body;
	};
}

function setupMeta(org: Org, json: unknown): RequestMeta {
	return requestMeta({ label: 'setup', actor: org, json });
}

function operationOf(method: string, path: string): string {
	if (method === 'POST' && /\/signers$/.test(path)) return 'addSigner';
	if (method === 'POST' && /\/signatures$/.test(path)) return 'addSignature';
	if (method === 'POST' && /\/annotations$/.test(path)) return 'addAnnotation';
	if (method === 'POST' && /\/files$/.test(path)) return 'addFile';
	if (method === 'POST' && path === '/webhooks') return 'createWebhook';
	if (method === 'GET' && path === '/webhooks') return 'listWebhooks';
	return 'other';
}

/**
 * A draft ready to send: a signer (with an access code if asked), an approver and a cc. A rich one
 * has two PDFs, initials on page 3 and annotations of every kind; the others one PDF and one field.
 */
async function readyDraft(call: Call, name: string, options: { withCode: boolean; rich: boolean }): Promise<string> {
	const workflow = await call('POST', '/workflows', {
		name,
		message: 'Please sign — bitte unterschreiben\nמסמך',
		metadata: { crmId: 'D-42', équipe: 'RH' },
		timeZone: 'Europe/Zurich',
	});
	const id = workflow.id as string;
	const a4 = await call('POST', `/workflows/${id}/files`, { name: 'Offer — Zu\u0308rich.pdf', contentBase64: fixturePdf('a4-1page.pdf').toString('base64') });
	const signer = await call('POST', `/workflows/${id}/signers`, {
		name: 'Zoë Ångström',
		email: 'zoe@example.com',
		order: 1,
		...(options.withCode ? { accessCode: '4711' } : {}),
	});
	await call('POST', `/workflows/${id}/signers`, { name: 'محمد الأحمد', email: 'mohammed@example.com', role: 'approver', order: 2 });
	await call('POST', `/workflows/${id}/signers`, { name: '田中 太郎', email: 'tanaka@example.com', role: 'cc' });
	await call('POST', `/workflows/${id}/signatures`, { fileId: a4.id, signerId: signer.id, page: 1, x: 60, y: 80 });
	if (!options.rich) return id;
	const letter = await call('POST', `/workflows/${id}/files`, { name: '契約書.pdf', contentBase64: fixturePdf('letter-3pages.pdf').toString('base64') });
	await call('POST', `/workflows/${id}/signatures`, { fileId: letter.id, signerId: signer.id, page: 3, x: 60, y: 80, kind: 'initials', width: 60, height: 40 });
	await call('POST', `/workflows/${id}/annotations`, { fileId: a4.id, page: 1, x: 60, y: 200, type: 'text', signerId: signer.id, label: 'Start date' });
	await call('POST', `/workflows/${id}/annotations`, { fileId: a4.id, page: 1, x: 300, y: 200, type: 'checkbox', signerId: signer.id, required: false });
	await call('POST', `/workflows/${id}/annotations`, { fileId: a4.id, page: 1, x: 60, y: 400, type: 'text', value: 'Fixed: Zu\u0308rich — שלום — 🎉' });
	await call('POST', `/workflows/${id}/annotations`, { fileId: letter.id, page: 2, x: 60, y: 400, type: 'image', value: PNG_BASE64, width: 40, height: 40 });
	return id;
}

/** The signer's side during setup: enters the access code if it has one, then signs or refuses. */
async function signerAct(context: SetupContext, signerId: string, action: 'sign' | 'refuse'): Promise<void> {
	const signer = context.model.signers.get(signerId);
	const token = signer?.tokens.at(-1);
	if (!signer || !token) throw new Error(`setup: no signing link for signer ${signerId}`);
	const post = async (route: string, json: unknown, cookie: string | null) => {
		const request: HttpRequest = {
			method: 'POST',
			path: `/sign/${token}/${route}`,
			headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
			body: Buffer.from(JSON.stringify(json)),
			meta: { ...setupMeta(signer.org, json), token, signerRoute: route },
		};
		const response = await context.transport.send(request, 30_000);
		context.observe(request, response);
		if (response.status >= 300) throw new Error(`setup: ${route} for ${signer.id} answered ${response.status}: ${response.body.toString().slice(0, 500)}`);
		return response;
	};
	let cookie: string | null = null;
	if (signer.accessCode) {
		const entered = await post('access-code', { code: signer.accessCode }, null);
		cookie = String(entered.headers['set-cookie']?.[0] ?? '').split(';')[0] || null;
		if (cookie) context.model.rememberCookie(token, cookie);
	}
	await post(action, action === 'sign' ? { consent: true, values: signValuesFor(context.model, signer) } : { reason: 'Salary is wrong — falsch' }, cookie);
	context.model.signerActed(token, action === 'sign' ? 'signed' : 'refused');
}
