import { createHash } from 'node:crypto';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { JPEG_BASE64, PNG_BASE64 } from './images';
import type { Model, Org, SignerState, WorkflowState } from './model';
import { buildMultipart } from './multipart';
import type { Operation } from './openapi';
import type { ApiPlan, AuthSpec, BodySpec, IdSpec, Plan, RacePlan, SignerPlan } from './plans';
import { isSlot, Slot } from './slots';

/** A concrete HTTP request, ready to send and to print for reproduction. */
export interface HttpRequest {
	method: string;
	path: string;
	headers: Record<string, string>;
	body: Buffer | null;
	meta: RequestMeta;
}

export interface RequestMeta {
	/** For statistics: the operationId, signer:<route>, race:<move> or route. */
	label: string;
	operationId: string | null;
	actor: Org;
	/** A path id of another organization: must answer 404 (never 2xx, never a state-dependent 409). */
	crossOrgPath: boolean;
	/** An id of another organization in the body: must never answer 2xx. */
	crossOrgBody: boolean;
	/** A file of another workflow asked through a signing link: must never answer 2xx. */
	foreignFile: boolean;
	/** An Authorization header that must not be accepted. */
	badAuth: boolean;
	/** What error bodies look like: the API's JSON, the signing page's HTML, or either (stray routes). */
	errors: 'json' | 'html' | 'any';
	/** The JSON the request carried (for learning access codes from addSigner). */
	json: unknown;
	/** The signing token used, if any. */
	token: string | null;
	/** The signer route, if any. */
	signerRoute: string | null;
}

export interface Env {
	keys: Record<Org, string>;
	receiverUrl: string;
	operations: Map<string, Operation>;
}

const other = (org: Org): Org => (org === 'A' ? 'B' : 'A');

/** Turns a plan into the request(s) to send, choosing ids from what the model knows now. */
export function resolvePlan(plan: Exclude<Plan, { kind: 'journey' }>, model: Model, env: Env): HttpRequest[] {
	switch (plan.kind) {
		case 'api':
			return [apiRequest(plan, model, env)];
		case 'signer':
			return [signerRequest(plan, model)];
		case 'race':
			return raceRequests(plan, model, env);
		case 'route':
			return [
				{
					method: plan.method,
					path: plan.path,
					headers: { ...(plan.auth ? { authorization: `Bearer ${env.keys.A}` } : {}), ...bodyHeaders(plan.body) },
					body: bodyBytes(plan.body, new Filler(model, env, 'A', null)),
					meta: requestMeta({ label: 'route', actor: 'A', errors: plan.path.startsWith('/sign') || plan.method === 'HEAD' ? 'any' : 'json' }),
				},
			];
	}
}

/** Request facts with their defaults: an API request with nothing special about it. */
export function requestMeta(partial: Partial<RequestMeta> & { label: string; actor: Org }): RequestMeta {
	return {
		operationId: null,
		crossOrgPath: false,
		crossOrgBody: false,
		foreignFile: false,
		badAuth: false,
		errors: 'json',
		json: undefined,
		token: null,
		signerRoute: null,
		...partial,
	};
}

function apiRequest(plan: ApiPlan, model: Model, env: Env): HttpRequest {
	const operation = env.operations.get(plan.operationId)!;
	const filler = new Filler(model, env, plan.actor, null);
	// The workflow first: files and signers "of the same workflow" are chosen inside it.
	const order = Object.keys(plan.path).sort((a, b) => (a === 'workflowId' ? -1 : b === 'workflowId' ? 1 : 0));
	const values: Record<string, string> = {};
	for (const name of order) values[name] = filler.pathValue(plan.path[name]);
	const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => values[name] ?? 'x');
	const search = Array.isArray(plan.query)
		? plan.query.map(([name, value]) => `${encodePart(name)}=${encodePart(typeof value === 'string' ? value : JSON.stringify(value) ?? '')}`).join('&')
		: plan.query.raw;
	const body = bodyBytes(plan.body, filler);
	return {
		method: operation.method,
		path: `/api/v1${path}${search ? `?${search}` : ''}`,
		headers: { ...authHeader(plan.auth, env.keys[plan.actor], env.keys[other(plan.actor)]), ...bodyHeaders(plan.body), ...plan.headers },
		body,
		meta: requestMeta({
			label: plan.operationId,
			operationId: plan.operationId,
			actor: plan.actor,
			crossOrgPath: filler.crossOrgPath,
			crossOrgBody: filler.crossOrgBody,
			badAuth: !['own', 'lowercase', 'padded'].includes(plan.auth),
			json: plan.body.type === 'json' ? filler.lastJson : undefined,
		}),
	};
}

function signerRequest(plan: SignerPlan, model: Model): HttpRequest {
	// Mostly the first organization's signers, sometimes the other's.
	const filler = new Filler(model, null, isSlot(plan.token) && plan.token.pick < 0.2 ? 'B' : 'A', null);
	const token = isSlot(plan.token) ? filler.token(plan.token) : plan.token.raw ? plan.token.literal : encodePart(plan.token.literal);
	const signer = model.signerOfToken(token) ?? null;
	filler.signer = signer;
	const file = plan.route === 'document' || plan.route === 'signed' ? `/${filler.pathValue(plan.fileId)}` : '';
	const suffix = {
		page: '',
		form: '',
		session: '/session',
		viewed: '/viewed',
		document: `/document${file}`,
		signed: `/signed${file}`,
		logo: '/logo',
		icon: '/icon',
		accessCode: '/access-code',
		sign: '/sign',
		refuse: '/refuse',
	}[plan.route];
	const method = ['form', 'viewed', 'accessCode', 'sign', 'refuse'].includes(plan.route) ? 'POST' : 'GET';
	const cookie = plan.cookie === 'mine' ? signer?.cookie : plan.cookie === 'forged' ? `sf_access=${Date.now() + 3600_000}.Zm9yZ2Vk` : null;
	const body = method === 'POST' ? bodyBytes(plan.body, filler) : null;
	const fileInWorkflow = signer ? model.workflows.get(signer.workflowId)?.files.some((file) => suffix.endsWith(`/${file.id}`)) : false;
	return {
		method,
		path: `/sign/${token}${suffix}`,
		headers: { 'user-agent': 'SignflowFuzz/1.0', ...(cookie ? { cookie } : {}), ...(method === 'POST' ? bodyHeaders(plan.body) : {}) },
		body,
		meta: requestMeta({
			label: `signer:${plan.route}`,
			actor: signer?.org ?? 'A',
			errors: plan.route === 'page' || plan.route === 'form' ? 'html' : 'json',
			foreignFile: (plan.route === 'document' || plan.route === 'signed') && !fileInWorkflow && filler.resolvedFile,
			token,
			signerRoute: plan.route,
		}),
	};
}

function raceRequests(plan: RacePlan, model: Model, env: Env): HttpRequest[] {
	const filler = new Filler(model, env, plan.actor, null);
	const workflowId = filler.pathValue(plan.workflow);
	const workflow = model.workflows.get(workflowId);
	const signers = (workflow?.signerIds ?? []).map((id) => model.signers.get(id)).filter((signer): signer is SignerState => Boolean(signer));
	const active = signers.filter((signer) => signer.status === 'active' && signer.tokens.length > 0);
	const api = (method: string, path: string, json: unknown, label: string): HttpRequest => ({
		method,
		path: `/api/v1/workflows/${workflowId}${path}`,
		headers: { authorization: `Bearer ${env.keys[plan.actor]}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
		body: json === undefined ? null : Buffer.from(JSON.stringify(json)),
		meta: requestMeta({ label: `race:${label}`, operationId: label, actor: plan.actor }),
	});
	const signing = (signer: SignerState, route: 'sign' | 'refuse'): HttpRequest => {
		const token = signer.tokens.at(-1)!;
		const fill = new Filler(model, env, plan.actor, signer);
		const json = route === 'sign' ? { consent: true, values: fill.signValues() } : { reason: 'Raced refusal — Zu\u0308rich' };
		return {
			method: 'POST',
			path: `/sign/${token}/${route}`,
			headers: { 'content-type': 'application/json', ...(signer.cookie ? { cookie: signer.cookie } : {}) },
			body: Buffer.from(JSON.stringify(json)),
			meta: requestMeta({ label: `race:${route}`, actor: plan.actor, token, signerRoute: route }),
		};
	};
	const requests: HttpRequest[] = [];
	for (const move of plan.moves) {
		switch (move) {
			case 'send':
				requests.push(api('POST', '/send', undefined, 'sendWorkflow'));
				break;
			case 'cancel':
				requests.push(api('POST', '/cancel', { reason: 'Raced cancel' }, 'cancelWorkflow'));
				break;
			case 'remind':
				requests.push(api('POST', '/remind', undefined, 'remindSigners'));
				break;
			case 'audit':
				requests.push(api('GET', '/audit', undefined, 'getAuditTrail'));
				break;
			case 'reissue':
				if (active[0]) requests.push(api('POST', `/signers/${active[0].id}/reissue`, undefined, 'reissueSigningLink'));
				break;
			case 'addSigner':
				requests.push(api('POST', '/signers', { name: 'Late Signer', email: 'late@example.com' }, 'addSigner'));
				break;
			case 'addFile':
				requests.push(api('POST', '/files', { name: 'late.pdf', contentBase64: pdfBase64('a4-1page.pdf') }, 'addFile'));
				break;
			case 'sign':
				if (active[0]) requests.push(signing(active[0], 'sign'));
				break;
			case 'signAll':
				for (const signer of active) requests.push(signing(signer, 'sign'));
				break;
			case 'refuse':
				if (active.at(-1)) requests.push(signing(active.at(-1)!, 'refuse'));
				break;
		}
	}
	return requests;
}

function authHeader(auth: AuthSpec, key: string, otherKey: string): Record<string, string> {
	const value = {
		own: `Bearer ${key}`,
		none: null,
		'bearer-only': 'Bearer',
		garbage: `Bearer sf_live_${'x'.repeat(40)}`,
		basic: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
		lowercase: `bearer ${key}`,
		'no-scheme': key,
		truncated: `Bearer ${key.slice(0, -1)}`,
		padded: `Bearer  ${key} `,
		long: `Bearer ${'a'.repeat(6000)}`,
		'two-keys': `Bearer ${key}, Bearer ${otherKey}`,
	}[auth];
	return value === null ? {} : { authorization: value };
}

function bodyHeaders(body: BodySpec): Record<string, string> {
	switch (body.type) {
		case 'json':
		case 'raw':
			return body.contentType === null ? {} : { 'content-type': body.contentType };
		case 'multipart':
			return { 'content-type': buildMultipart(body.spec).contentType };
		case 'form':
			return { 'content-type': 'application/x-www-form-urlencoded' };
		case 'none':
			return {};
	}
}

function bodyBytes(body: BodySpec, filler: Filler): Buffer | null {
	switch (body.type) {
		case 'none':
			return null;
		case 'json':
			return Buffer.from(filler.json(body.value));
		case 'raw':
			return body.invalidUtf8 ? Buffer.concat([Buffer.from(body.text), Buffer.from([0xff, 0xfe, 0xc3, 0x28])]) : Buffer.from(body.text);
		case 'multipart':
			return buildMultipart(body.spec).body;
		case 'form':
			return Buffer.from(body.text);
	}
}

const base64Cache = new Map<string, string>();
function pdfBase64(name: string): string {
	let text = base64Cache.get(name);
	if (!text) base64Cache.set(name, (text = fixturePdf(name).toString('base64')));
	return text;
}

/** Chooses the `pick`-th candidate, or derives a well-formed id that exists nowhere when there is none. */
function choose<T>(candidates: T[], pick: number): T | undefined {
	return candidates.length ? candidates[Math.floor(pick * candidates.length) % candidates.length] : undefined;
}

function missingId(pick: number): string {
	const hex = createHash('sha256').update(String(pick)).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Fills the slots of one request, remembering what it chose (the workflow, whether an id was another organization's). */
class Filler {
	workflow: WorkflowState | null = null;
	crossOrgPath = false;
	crossOrgBody = false;
	resolvedFile = false;
	lastJson: unknown = undefined;
	private inBody = false;

	constructor(
		private readonly model: Model,
		private readonly env: Env | null,
		private readonly actor: Org,
		public signer: SignerState | null,
	) {}

	pathValue(spec: IdSpec): string {
		if (!isSlot(spec)) return spec.raw ? spec.literal : encodePart(spec.literal);
		return encodePart(String(this.fill(spec)));
	}

	json(value: unknown): string {
		this.inBody = true;
		const raws: string[] = [];
		const filled = this.deepFill(value, raws);
		this.lastJson = filled;
		let text = JSON.stringify(filled) ?? 'null';
		raws.forEach((raw, index) => (text = text.replace(`"@@fuzzraw${index}@@"`, () => raw)));
		return text;
	}

	token(slot: Slot): string {
		const org = slot.owner === 'other' ? other(this.actor) : this.actor;
		const signers = [...this.model.signers.values()].filter((signer) => signer.org === org && signer.tokens.length > 0);
		if (slot.arg === 'stale') {
			const stale = signers.flatMap((signer) => signer.tokens.slice(0, -1));
			return choose(stale, slot.pick) ?? choose(signers, slot.pick)?.tokens.at(-1) ?? 'no-token-yet';
		}
		const ready = signers.filter((signer) => signer.status === 'active' && this.model.workflows.get(signer.workflowId)?.status === 'sent');
		const pool = slot.arg === 'ready' && ready.length ? ready : signers;
		return choose(pool, slot.pick)?.tokens.at(-1) ?? 'no-token-yet';
	}

	signValues(): Record<string, unknown> {
		return this.signer ? signValuesFor(this.model, this.signer) : {};
	}

	private deepFill(value: unknown, raws: string[]): unknown {
		if (isSlot(value)) {
			if (value.kind === 'rawJson') {
				raws.push(rawJsonText(String(value.arg)));
				return `@@fuzzraw${raws.length - 1}@@`;
			}
			return this.fill(value);
		}
		if (Array.isArray(value)) return value.map((item) => this.deepFill(item, raws));
		if (value && typeof value === 'object') {
			const copy: Record<string, unknown> = {};
			for (const [key, child] of Object.entries(value))
				Object.defineProperty(copy, key, { value: this.deepFill(child, raws), enumerable: true, configurable: true, writable: true });
			return copy;
		}
		return value;
	}

	private fill(slot: Slot): unknown {
		switch (slot.kind) {
			case 'workflow':
				return this.workflowId(slot);
			case 'file':
			case 'signer':
				return this.partId(slot);
			case 'field': {
				const fields = [...this.model.workflows.values()].filter((w) => w.org === this.org(slot)).flatMap((w) => w.fields);
				return choose(fields, slot.pick)?.id ?? missingId(slot.pick);
			}
			case 'webhook':
			case 'delivery': {
				const list = slot.kind === 'webhook' ? this.model.webhooks : this.model.deliveries;
				const found = choose(list.filter((item) => item.org === this.org(slot)), slot.pick)?.id;
				this.noteOwner(slot, Boolean(found));
				const id = found ?? (slot.kind === 'delivery' ? `msg_${missingId(slot.pick).replace(/-/g, '')}` : missingId(slot.pick));
				return slot.arg === 'upper' ? id.toUpperCase() : id;
			}
			case 'token':
				return this.token(slot);
			case 'receiverUrl':
				return this.env?.receiverUrl ?? 'http://127.0.0.1:9/';
			case 'relativeDate':
				return new Date(Date.now() + Number(slot.arg) * 1000).toISOString();
			case 'pdfBase64':
				return pdfBase64(String(slot.arg));
			case 'imageBase64':
				return slot.arg === 'jpeg' ? JPEG_BASE64 : PNG_BASE64;
			case 'signValues':
				return this.signValues();
			case 'accessCode':
				return this.signer?.accessCode ?? '0000';
			case 'rawJson':
				return null;
		}
	}

	private org(slot: Slot): Org {
		return slot.owner === 'other' ? other(this.actor) : this.actor;
	}

	private noteOwner(slot: Slot, found: boolean): void {
		if (slot.owner !== 'other' || !found) return;
		if (this.inBody) this.crossOrgBody = true;
		else this.crossOrgPath = true;
	}

	private workflowId(slot: Slot): string {
		const all = this.model.workflowsOf(this.org(slot));
		const preferred = all.filter((workflow) => {
			switch (slot.arg) {
				case 'draft':
					return workflow.status === 'draft';
				case 'draftWithParts':
					return workflow.status === 'draft' && workflow.files.length > 0 && workflow.signerIds.length > 0;
				case 'sent':
					return workflow.status === 'sent';
				default:
					return true;
			}
		});
		const workflow = choose(preferred.length ? preferred : all, slot.pick);
		this.noteOwner(slot, Boolean(workflow));
		if (!workflow) return missingId(slot.pick);
		if (!this.inBody) this.workflow = workflow;
		return slot.arg === 'upper' ? workflow.id.toUpperCase() : workflow.id;
	}

	/** A file or signer: of the workflow already chosen ('same'), else any of the organization's. */
	private partId(slot: Slot): string {
		const kind = slot.kind as 'file' | 'signer';
		const idsOf = (workflow: WorkflowState) => (kind === 'file' ? workflow.files.map((file) => file.id) : workflow.signerIds);
		const home = this.workflow ?? (this.signer ? (this.model.workflows.get(this.signer.workflowId) ?? null) : null);
		let id: string | undefined;
		if (slot.owner === 'same' && home) id = choose(idsOf(home), slot.pick);
		if (!id) {
			const org = slot.owner === 'same' ? (home?.org ?? this.actor) : this.org(slot);
			id = choose(this.model.workflowsOf(org).flatMap(idsOf), slot.pick);
			this.noteOwner(slot, Boolean(id));
		}
		if (kind === 'file' && id) this.resolvedFile = true;
		const value = id ?? missingId(slot.pick);
		return slot.arg === 'upper' ? value.toUpperCase() : value;
	}
}

/**
 * encodeURIComponent, except that lone surrogates (which it refuses) are sent
 * as the bytes a careless client would send: their WTF-8 form, percent-encoded.
 */
export function encodePart(text: string): string {
	try {
		return encodeURIComponent(text);
	} catch {
		return [...text]
			.map((char) => {
				const code = char.charCodeAt(0);
				if (char.length === 1 && code >= 0xd800 && code <= 0xdfff)
					return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
				return encodeURIComponent(char);
			})
			.join('');
	}
}

/** Raw JSON for a rawJson slot: `[N` / `{N` nest N deep, anything else is inserted as written. */
function rawJsonText(spec: string): string {
	const depth = Number(spec.slice(1));
	if (spec.startsWith('[') && depth) return '['.repeat(depth) + ']'.repeat(depth);
	if (spec.startsWith('{') && depth) return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
	return spec;
}

/** Valid values for every field a signer fills: typed or drawn signatures, text, dates, checkboxes. */
export function signValuesFor(model: Model, signer: SignerState): Record<string, unknown> {
	const workflow = model.workflows.get(signer.workflowId);
	const values: Record<string, unknown> = {};
	(workflow?.fields ?? [])
		.filter((field) => field.signerId === signer.id)
		.forEach((field, index) => {
			values[field.id] =
				field.kind === 'signature' || field.kind === 'initials'
					? index % 2 === 0
						? { type: 'typed', text: 'Zoë Ångström' }
						: { type: 'drawn', pngBase64: PNG_BASE64 }
					: field.kind === 'checkbox'
						? { type: 'checkbox', value: true }
						: field.kind === 'date'
							? { type: 'date', value: '2026-01-31' }
							: { type: 'text', value: 'Zu\u0308rich — 東京 — שלום' };
		});
	return values;
}
