import fc from 'fast-check';
import { fixturePdf } from '../helpers/pdf/fixtures';
import type { Model, Org, SignerState } from './model';
import { buildMultipart, GOOD_PDFS } from './multipart';
import type { Operation } from './openapi';
import { requestMeta, signValuesFor, type Env, type HttpRequest, type RequestMeta } from './resolve';
import { schemaValue } from './schemaValues';
import { uniformPick } from './slots';
import type { HttpResponse } from './transport';
import { realText } from './values';

export type Ending = 'complete' | 'refuse' | 'cancel' | 'expire' | 'leave-sent' | 'leave-draft' | 'reissue' | 'wrong-codes';

/**
 * A whole signing workflow from the sender's and the signers' side, with
 * generated content: create, add files, signers, fields, send, then each
 * signer in order (same order at the same moment), ending completed,
 * refused, cancelled midway, expired, or left open. Random requests run
 * beside it, so they meet workflows in every state.
 */
export interface JourneyPlan {
	kind: 'journey';
	actor: Org;
	workflow: Record<string, unknown>;
	files: Array<{ via: 'multipart' | 'json'; pdf: string; name: string }>;
	signers: Array<Record<string, unknown>>;
	annotations: Array<{ type: 'text' | 'date' | 'checkbox'; signer: number; label: string }>;
	ending: Ending;
	/** Which signer refuses, or after which signer the sender cancels. */
	at: number;
	wrongCodes: number;
}

export function journeyArbitrary(operations: Operation[]): fc.Arbitrary<JourneyPlan> {
	const schema = (id: string) => operations.find((operation) => operation.operationId === id)?.jsonBody ?? {};
	const signer = fc
		.tuple(
			schemaValue(schema('addSigner')),
			fc.oneof({ arbitrary: fc.constant('signer'), weight: 6 }, { arbitrary: fc.constant('approver'), weight: 2 }, { arbitrary: fc.constantFrom('cc', 'viewer'), weight: 1 }),
			fc.integer({ min: 1, max: 3 }),
			fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: fc.stringMatching(/^[0-9]{4,8}$/), weight: 1 }),
		)
		.map(([body, role, order, accessCode]) => {
			// An emailed code (verification "email_otp") needs SMTP, which the fuzzed engine has not: emailCode.test.ts covers it.
			const { accessCode: _generated, verification: _verification, ...rest } = body as Record<string, unknown>;
			return { ...rest, role, order, ...(accessCode ? { accessCode } : {}) };
		});
	return fc.record({
		kind: fc.constant('journey' as const),
		actor: fc.oneof({ arbitrary: fc.constant('A'), weight: 4 }, { arbitrary: fc.constant('B'), weight: 1 }),
		workflow: schemaValue(schema('addWorkflow')).map((body) => {
			const { expiresAt: _expiry, timeZone: _zone, ...rest } = body as Record<string, unknown>;
			return rest;
		}),
		files: fc.array(
			fc.record({
				via: fc.constantFrom('multipart' as const, 'json' as const),
				pdf: fc.constantFrom(...GOOD_PDFS),
				name: realText(1, 60).map((name) => `${name}.pdf`),
			}),
			{ minLength: 1, maxLength: 2 },
		),
		signers: fc.array(signer, { minLength: 1, maxLength: 3 }),
		annotations: fc.array(fc.record({ type: fc.constantFrom('text' as const, 'date' as const, 'checkbox' as const), signer: uniformPick, label: realText(0, 40) }), { maxLength: 2 }),
		ending: fc.oneof(
			{ arbitrary: fc.constant('complete' as const), weight: 8 },
			{ arbitrary: fc.constantFrom('refuse' as const, 'cancel' as const, 'reissue' as const), weight: 3 },
			{ arbitrary: fc.constantFrom('expire' as const, 'leave-sent' as const, 'leave-draft' as const, 'wrong-codes' as const), weight: 2 },
		),
		at: uniformPick,
		wrongCodes: fc.integer({ min: 1, max: 6 }),
	});
}

type Exchange = (request: HttpRequest) => Promise<HttpResponse | null>;

function journeyMeta(label: string, actor: Org, extra: Partial<RequestMeta> = {}): RequestMeta {
	return requestMeta({ label: `journey:${label}`, actor, ...extra });
}

function json(response: HttpResponse | null): any {
	if (!response || !String(response.headers['content-type'] ?? '').includes('application/json')) return null;
	try {
		return JSON.parse(response.body.toString('utf8'));
	} catch {
		return null;
	}
}

const ok = (response: HttpResponse | null) => Boolean(response && response.status >= 200 && response.status < 300);

/** Plays a journey, request after request, through `exchange` (which checks every answer and teaches the model). */
export async function playJourney(plan: JourneyPlan, model: Model, env: Env, exchange: Exchange): Promise<void> {
	const key = env.keys[plan.actor];
	const api = (operationId: string, method: string, path: string, body?: unknown, raw?: { contentType: string; bytes: Buffer }) =>
		exchange({
			method,
			path: `/api/v1${path}`,
			headers: {
				authorization: `Bearer ${key}`,
				...(raw ? { 'content-type': raw.contentType } : body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: raw ? raw.bytes : body === undefined ? null : Buffer.from(JSON.stringify(body)),
			meta: journeyMeta(operationId, plan.actor, { operationId, json: body }),
		});
	const signing = (signer: SignerState, token: string, route: string, body: unknown) =>
		exchange({
			method: 'POST',
			path: `/sign/${token}/${route}`,
			headers: { 'content-type': 'application/json', 'user-agent': 'SignflowFuzz/1.0 (journey)', ...(signer.cookie ? { cookie: signer.cookie } : {}) },
			body: Buffer.from(JSON.stringify(body)),
			meta: journeyMeta(`signer:${route}`, plan.actor, { token, signerRoute: route }),
		});

	// Long enough to be sent before it is due on a loaded machine, short enough to expire within a run.
	const expiresAt = plan.ending === 'expire' ? { expiresAt: new Date(Date.now() + 10_000).toISOString() } : {};
	const created = json(await api('addWorkflow', 'POST', '/workflows', { ...plan.workflow, ...expiresAt }));
	if (!created?.id) return;
	const id = created.id as string;
	const fileIds: string[] = [];
	for (const file of plan.files) {
		const bytes = fixturePdf(file.pdf);
		const response =
			file.via === 'json'
				? await api('addFile', 'POST', `/workflows/${id}/files`, { name: file.name, contentBase64: bytes.toString('base64') })
				: await (async () => {
						const form = buildMultipart({
							boundary: '----signflowjourney',
							header: 'ok',
							fieldsBefore: [{ name: 'name', value: file.name }],
							file: { field: 'file', filename: 'upload.pdf', type: 'application/pdf', content: { source: file.pdf, damage: 'none', at: 0 } },
							extraFiles: 0,
							fieldsAfter: [],
							ending: 'ok',
						});
						return api('addFile', 'POST', `/workflows/${id}/files`, undefined, { contentType: form.contentType, bytes: form.body });
					})();
		const added = json(response);
		if (added?.id) fileIds.push(added.id);
	}
	if (fileIds.length === 0) return;
	const signerIds: string[] = [];
	const orderOf = new Map<string, number>();
	for (const body of plan.signers) {
		const added = json(await api('addSigner', 'POST', `/workflows/${id}/signers`, body));
		if (!added?.id) continue;
		signerIds.push(added.id);
		orderOf.set(added.id, Number(added.order ?? 1));
	}
	const signers = () => signerIds.map((signerId) => model.signers.get(signerId)).filter((signer): signer is SignerState => Boolean(signer));
	for (const [index, signer] of signers().entries())
		if (signer.role === 'signer')
			await api('addSignature', 'POST', `/workflows/${id}/signatures`, { fileId: fileIds[index % fileIds.length], signerId: signer.id, page: 1, x: 40 + 20 * index, y: 60 + 90 * index });
	const fillers = signers().filter((signer) => signer.role === 'signer' || signer.role === 'approver');
	for (const [index, annotation] of plan.annotations.entries()) {
		const filler = fillers[Math.floor(annotation.signer * fillers.length)];
		if (filler)
			await api('addAnnotation', 'POST', `/workflows/${id}/annotations`, {
				fileId: fileIds[0],
				page: 1,
				x: 250,
				y: 60 + 60 * index,
				type: annotation.type,
				signerId: filler.id,
				label: annotation.label,
				required: index % 2 === 0,
			});
	}
	if (plan.ending === 'leave-draft') return;
	if (!ok(await api('sendWorkflow', 'POST', `/workflows/${id}/send`))) return;
	if (plan.ending === 'leave-sent' || plan.ending === 'expire') return;

	const actors = signers().filter((signer) => signer.role === 'signer' || signer.role === 'approver');
	const orders = [...new Set(actors.map((signer) => orderOf.get(signer.id)!))].sort((a, b) => a - b);
	const stopAt = Math.floor(plan.at * actors.length);
	let done = 0;
	for (const order of orders) {
		const group = actors.filter((signer) => orderOf.get(signer.id) === order);
		const outcomes = await Promise.all(
			group.map(async (signer) => {
				const position = done++;
				if (plan.ending === 'cancel' && position === stopAt) {
					await api('cancelWorkflow', 'POST', `/workflows/${id}/cancel`, { reason: 'Cancelled midway — Zu\u0308rich' });
					return false;
				}
				if (plan.ending === 'reissue') await api('reissueSigningLink', 'POST', `/workflows/${id}/signers/${signer.id}/reissue`);
				const token = signer.tokens.at(-1);
				if (!token) return false;
				if (signer.accessCode) {
					if (plan.ending === 'wrong-codes')
						for (let attempt = 0; attempt < plan.wrongCodes; attempt += 1) await signing(signer, token, 'access-code', { code: `${signer.accessCode}9` });
					await signing(signer, token, 'access-code', { code: signer.accessCode });
				}
				if (plan.ending === 'refuse' && position === stopAt) {
					await signing(signer, token, 'refuse', { reason: 'Die Zahlen stimmen nicht — الأرقام خاطئة' });
					return false;
				}
				return ok(await signing(signer, token, 'sign', { consent: true, values: signValuesFor(model, signer) }));
			}),
		);
		if (!outcomes.every(Boolean)) return;
	}
	await api('getWorkflow', 'GET', `/workflows/${id}`);
}
