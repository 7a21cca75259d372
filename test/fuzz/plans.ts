import fc from 'fast-check';
import { journeyArbitrary, type JourneyPlan } from './journey';
import type { Org } from './model';
import { multipartSpec, type MultipartSpec } from './multipart';
import { mutated } from './mutate';
import type { Operation } from './openapi';
import { encodePart } from './resolve';
import { schemaValue } from './schemaValues';
import { Slot, uniformPick } from './slots';
import { hostileString, hostileValue, realText } from './values';

/**
 * A request as fast-check generates it: everything decided except the ids
 * and tokens, which are slots filled from the state at the moment it is sent.
 */
export type Plan = ApiPlan | SignerPlan | RacePlan | RoutePlan | JourneyPlan;

export type AuthSpec = 'own' | 'none' | 'bearer-only' | 'garbage' | 'basic' | 'lowercase' | 'no-scheme' | 'truncated' | 'padded' | 'long' | 'two-keys';

export type BodySpec =
	| { type: 'none' }
	| { type: 'json'; value: unknown; contentType: string | null }
	| { type: 'raw'; text: string; invalidUtf8: boolean; contentType: string | null }
	| { type: 'multipart'; spec: MultipartSpec }
	| { type: 'form'; text: string };

/** A path id: a slot, or a literal string (malformed ids); `raw` literals go into the URL unescaped. */
export type IdSpec = Slot | { literal: string; raw: boolean };

export interface ApiPlan {
	kind: 'api';
	operationId: string;
	actor: Org;
	auth: AuthSpec;
	path: Record<string, IdSpec>;
	query: Array<[string, unknown]> | { raw: string };
	body: BodySpec;
	headers: Record<string, string>;
}

export type SignerRoute = 'page' | 'form' | 'session' | 'viewed' | 'document' | 'signed' | 'logo' | 'icon' | 'accessCode' | 'sign' | 'refuse';

export interface SignerPlan {
	kind: 'signer';
	route: SignerRoute;
	token: Slot | { literal: string; raw: boolean };
	fileId: IdSpec;
	body: BodySpec;
	cookie: 'mine' | 'none' | 'forged';
}

export type RaceMove = 'send' | 'cancel' | 'remind' | 'reissue' | 'sign' | 'signAll' | 'refuse' | 'addSigner' | 'addFile' | 'audit';

/** Several requests on one workflow at the same moment: where duplicate transitions would show. */
export interface RacePlan {
	kind: 'race';
	actor: Org;
	workflow: Slot;
	moves: RaceMove[];
}

export interface RoutePlan {
	kind: 'route';
	method: string;
	path: string;
	auth: boolean;
	body: BodySpec;
}

const pick = uniformPick;

const MALFORMED_IDS = ['', 'abc', '1', '0', '-1', 'null', 'undefined', '%00', '..', '.', '%2e%2e%2f', 'ä', ' ', '01a2321d-ab21-71ea-a9c9', "' OR 1=1 --", '{{id}}', 'x'.repeat(3000), '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'msg_', `msg_${'g'.repeat(32)}`];

function malformedId(): fc.Arbitrary<IdSpec> {
	return fc.oneof(
		{ arbitrary: fc.constantFrom(...MALFORMED_IDS).map((literal) => ({ literal, raw: false })), weight: 4 },
		{ arbitrary: hostileString.filter((text) => text.length < 2000).map((literal) => ({ literal, raw: false })), weight: 2 },
		{ arbitrary: fc.constantFrom('..', '.', '%', '%zz', '%2F', 'a;b', 'a,b', '@', '~').map((literal) => ({ literal, raw: true })), weight: 1 },
	);
}

/** Which workflows an operation mostly targets, so requests reach the engine's states rather than bounce off them. */
function preferredStatus(operationId: string): string {
	if (['addFile', 'addSigner'].includes(operationId)) return 'draft';
	if (['addSignature', 'addAnnotation', 'sendWorkflow'].includes(operationId)) return 'draftWithParts';
	if (['cancelWorkflow', 'remindSigners', 'reissueSigningLink', 'reassignSigner', 'correctWorkflow', 'resendWorkflow'].includes(operationId)) return 'sent';
	if (operationId === 'discardWorkflow') return 'draft';
	return 'any';
}

function pathId(parameter: string, operationId: string): fc.Arbitrary<IdSpec> {
	const kinds: Record<string, 'workflow' | 'file' | 'signer' | 'webhook' | 'delivery'> = { workflowId: 'workflow', fileId: 'file', signerId: 'signer', webhookId: 'webhook', deliveryId: 'delivery' };
	const kind = kinds[parameter];
	if (!kind) return fc.constant({ literal: 'x', raw: false });
	const owner = kind === 'file' || kind === 'signer' ? 'same' : 'self';
	const arg = kind === 'workflow' ? preferredStatus(operationId) : null;
	return fc.oneof(
		{ arbitrary: pick.map((p) => new Slot(kind, p, owner, arg)), weight: 40 },
		{ arbitrary: pick.map((p) => new Slot(kind, p, 'other', arg)), weight: 4 },
		{ arbitrary: pick.map((p) => new Slot(kind, p, owner, 'upper')), weight: 1 },
		{ arbitrary: (kind === 'delivery' ? fc.stringMatching(/^msg_[0-9a-f]{32}$/) : fc.uuid()).map((literal) => ({ literal, raw: false })), weight: 2 },
		{ arbitrary: malformedId(), weight: 3 },
	);
}

const AUTH: fc.Arbitrary<AuthSpec> = fc.oneof(
	{ arbitrary: fc.constant('own' as const), weight: 90 },
	{ arbitrary: fc.constantFrom('none' as const, 'bearer-only' as const, 'garbage' as const, 'basic' as const, 'lowercase' as const, 'no-scheme' as const, 'truncated' as const, 'padded' as const, 'long' as const, 'two-keys' as const), weight: 10 },
);

const WRONG_CONTENT_TYPES = [
	null,
	'text/plain',
	'application/xml',
	'application/x-www-form-urlencoded',
	'application/json; charset=utf-16',
	'application/JSON',
	'application/json;charset=latin1',
	'multipart/form-data; boundary=x',
	'multipart/form-data',
	'application/octet-stream',
	'*/*',
	'application/vnd.api+json',
	'application/json, text/plain',
	'',
];

/** JSON text broken the ways hand-written and buggy clients break it. */
function rawJson(valid: fc.Arbitrary<unknown>): fc.Arbitrary<BodySpec> {
	const text = valid.map((value) => JSON.stringify(value) ?? 'null');
	return fc
		.tuple(
			text,
			fc.constantFrom('cut', 'trailing-comma', 'bom', 'single-quotes', 'garbage', 'duplicate-keys', 'comment', 'nan', 'literal', 'whitespace', 'control-in-string', 'invalid-utf8', 'proto'),
			pick,
			fc.constantFrom('{}', '[]', 'null', '"text"', '123', 'true', '', '   ', '{"a":', '{{}}', '\u0000'),
		)
		.map(([json, how, at, literal]): BodySpec => {
			const body = (text: string, invalidUtf8 = false): BodySpec => ({ type: 'raw', text, invalidUtf8, contentType: 'application/json' });
			switch (how) {
				case 'cut':
					return body(json.slice(0, Math.floor(at * json.length)));
				case 'trailing-comma':
					return body(json.replace(/}$/, ',}'));
				case 'bom':
					return body(`\ufeff${json}`);
				case 'single-quotes':
					return body(json.replace(/"/g, "'"));
				case 'garbage':
					return body(`${json}garbage`);
				case 'duplicate-keys':
					return body(json.replace(/^{/, '{"name":"first",').replace(/,}$/, '}'));
				case 'comment':
					return body(`/* hi */${json}`);
				case 'nan':
					return body('{"name":NaN,"x":Infinity,"page":-Infinity}');
				case 'literal':
					return body(literal);
				case 'whitespace':
					return body(`\n\t ${json} \r\n`);
				case 'control-in-string':
					return body('{"name":"a\u0001b\nc"}');
				case 'invalid-utf8':
					return body(json.replace(/}$/, ''), true);
				case 'proto':
					return body('{"__proto__":{"admin":true},"name":"x"}');
				default:
					return body(json);
			}
		});
}

function jsonBody(valid: fc.Arbitrary<unknown>, multipart: boolean): fc.Arbitrary<BodySpec> {
	const json = (value: fc.Arbitrary<unknown>) => value.map((v): BodySpec => ({ type: 'json', value: v, contentType: 'application/json' }));
	return fc.oneof(
		{ arbitrary: json(valid), weight: multipart ? 25 : 55 },
		{ arbitrary: json(mutated(valid)), weight: multipart ? 10 : 25 },
		{ arbitrary: json(hostileValue), weight: 4 },
		{ arbitrary: rawJson(valid), weight: 6 },
		{ arbitrary: fc.tuple(valid, fc.constantFrom(...WRONG_CONTENT_TYPES)).map(([value, contentType]): BodySpec => ({ type: 'json', value, contentType })), weight: 6 },
		{ arbitrary: multipartSpec.map((spec): BodySpec => ({ type: 'multipart', spec })), weight: multipart ? 45 : 2 },
		{ arbitrary: fc.constant({ type: 'none' }), weight: 2 },
	);
}

function noBody(): fc.Arbitrary<BodySpec> {
	return fc.oneof(
		{ arbitrary: fc.constant({ type: 'none' }), weight: 85 },
		{ arbitrary: fc.constant({ type: 'json', value: {}, contentType: 'application/json' }), weight: 5 },
		{ arbitrary: hostileValue.map((value): BodySpec => ({ type: 'json', value, contentType: 'application/json' })), weight: 5 },
		{ arbitrary: rawJson(fc.constant({})), weight: 3 },
		{ arbitrary: multipartSpec.map((spec): BodySpec => ({ type: 'multipart', spec })), weight: 2 },
	);
}

/** Query values short enough for the URL to stay under Node's header limit (oversized URLs are a stray route of their own). */
function fitsInUrl(value: unknown): boolean {
	return (typeof value === 'string' ? value : (JSON.stringify(value) ?? '')).length < 1500;
}

function query(operation: Operation): fc.Arbitrary<ApiPlan['query']> {
	const parameters = operation.queryParameters.map((parameter) =>
		fc.oneof(
			{ arbitrary: fc.constant(null), weight: 4 },
			{ arbitrary: schemaValue(parameter.schema, parameter.name).map((value) => [parameter.name, value] as [string, unknown]), weight: 5 },
			{ arbitrary: fc.oneof(hostileString, hostileValue).filter(fitsInUrl).map((value) => [parameter.name, value] as [string, unknown]), weight: 1 },
		),
	);
	const extra = fc.oneof(
		{ arbitrary: fc.constant([] as Array<[string, unknown]>), weight: 9 },
		{ arbitrary: fc.array(fc.tuple(fc.constantFrom('status', 'limit', 'foo', '__proto__', 'version', 'q', 'after'), fc.oneof(hostileString.filter(fitsInUrl), fc.constant('1'))), { minLength: 1, maxLength: 3 }), weight: 1 },
	);
	const structured = fc.tuple(fc.tuple(...parameters), extra).map(([chosen, more]) => [...chosen.filter((entry): entry is [string, unknown] => entry !== null), ...more]);
	return fc.oneof(
		{ arbitrary: structured, weight: 19 },
		{ arbitrary: fc.constantFrom('%', '%zz', 'a[b]=c', 'limit[]=1&limit[]=2', '&&&', '=', 'status=draft&status=sent', 'q=%00', 'limit=1e3', 'limit=0x10', 'limit=-0').map((raw) => ({ raw })), weight: 1 },
	);
}

const OP_WEIGHTS: Record<string, number> = {
	addWorkflow: 5,
	addFile: 6,
	addSigner: 6,
	addSignature: 6,
	addAnnotation: 4,
	sendWorkflow: 6,
	cancelWorkflow: 3,
	getWorkflow: 3,
	reissueSigningLink: 2,
	reassignSigner: 2,
	createWebhook: 2,
};

const EXTRA_HEADERS = fc.oneof(
	{ arbitrary: fc.constant({}), weight: 12 },
	{
		arbitrary: fc.constantFrom<Record<string, string>>(
			{ 'content-encoding': 'gzip' },
			{ 'content-encoding': 'br, identity' },
			{ 'x-forwarded-for': '1.2.3.4, <script>, ::1' },
			{ 'user-agent': 'é'.repeat(2000) },
			{ 'user-agent': '' },
			{ accept: 'application/xml' },
			{ 'x-http-method-override': 'DELETE' },
			{ 'accept-language': 'ar;q=0.9, he' },
			{ cookie: 'sf_access=forged; other=1' },
		),
		weight: 1,
	},
);

function apiPlan(operation: Operation): fc.Arbitrary<Plan> {
	const valid = operation.jsonBody ? schemaValue(operation.jsonBody) : fc.constant({});
	const body = operation.jsonBody ? jsonBody(valid, Boolean(operation.multipartBody)) : noBody();
	const path = fc.record(Object.fromEntries(operation.pathParameters.map((parameter) => [parameter.name, pathId(parameter.name, operation.operationId)])));
	return fc.record({
		kind: fc.constant('api' as const),
		operationId: fc.constant(operation.operationId),
		actor: fc.oneof({ arbitrary: fc.constant('A'), weight: 4 }, { arbitrary: fc.constant('B'), weight: 1 }),
		auth: operation.auth ? AUTH : fc.constant('none'),
		path,
		query: query(operation),
		body,
		headers: EXTRA_HEADERS,
	});
}

const FAKE_TOKENS = ['', 'x', 'A'.repeat(43), 'A'.repeat(42) + '.', 'Zm9v', '..', '%2e%2e', 'a'.repeat(2000), 'sf_live_notatoken', 'x-y_z-'.repeat(8), 'é', '%00', 'assets'];

function signerBody(route: SignerRoute): fc.Arbitrary<BodySpec> {
	const json = (value: fc.Arbitrary<unknown>) => value.map((v): BodySpec => ({ type: 'json', value: v, contentType: 'application/json' }));
	const valid: Record<string, fc.Arbitrary<unknown>> = {
		accessCode: fc.oneof({ arbitrary: fc.constant({ code: new Slot('accessCode') }), weight: 3 }, { arbitrary: fc.record({ code: fc.oneof(fc.stringMatching(/^[0-9]{4,8}$/), realText(1, 64)) }), weight: 1 }),
		sign: fc.record({
			consent: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constantFrom(false, 'true', 1, null), weight: 1 }),
			values: fc.oneof({ arbitrary: fc.constant(new Slot('signValues')), weight: 8 }, { arbitrary: fc.constant({}), weight: 1 }),
		}),
		refuse: fc.record({ reason: realText(1, 300) }),
	};
	if (route === 'form')
		return fc.oneof(
			fc.constant({ type: 'form', text: '' }),
			fc.oneof(fc.stringMatching(/^[0-9]{4,8}$/), hostileString).map((code): BodySpec => ({ type: 'form', text: new URLSearchParams({ code }).toString() })),
			fc.constantFrom('code=%', 'code=%zz', 'code&code=1', 'a=b'.repeat(500)).map((text): BodySpec => ({ type: 'form', text })),
		);
	const validBody = valid[route];
	if (!validBody) return noBody();
	return fc.oneof(
		{ arbitrary: json(validBody), weight: 14 },
		{ arbitrary: json(mutated(validBody)), weight: 4 },
		{ arbitrary: json(hostileValue), weight: 1 },
		{ arbitrary: rawJson(validBody), weight: 1 },
		{ arbitrary: fc.tuple(validBody, fc.constantFrom(...WRONG_CONTENT_TYPES)).map(([value, contentType]): BodySpec => ({ type: 'json', value, contentType })), weight: 1 },
	);
}

const signerRoute: fc.Arbitrary<SignerRoute> = fc.oneof(
	{ arbitrary: fc.constantFrom('sign' as const), weight: 6 },
	{ arbitrary: fc.constantFrom('session' as const, 'accessCode' as const), weight: 3 },
	{ arbitrary: fc.constantFrom('page' as const, 'document' as const, 'refuse' as const), weight: 2 },
	{ arbitrary: fc.constantFrom('form' as const, 'viewed' as const, 'signed' as const, 'logo' as const, 'icon' as const), weight: 1 },
);

const signerPlan: fc.Arbitrary<Plan> = signerRoute.chain((route) =>
	fc.record({
		kind: fc.constant('signer' as const),
		route: fc.constant(route),
		token: fc.oneof(
			{ arbitrary: pick.map((p) => new Slot('token', p, 'self', 'ready')), weight: 12 },
			{ arbitrary: pick.map((p) => new Slot('token', p, 'self', 'any')), weight: 4 },
			{ arbitrary: pick.map((p) => new Slot('token', p, 'self', 'stale')), weight: 1 },
			{ arbitrary: fc.constantFrom(...FAKE_TOKENS).map((literal) => ({ literal, raw: false })), weight: 2 },
			{ arbitrary: fc.constantFrom('..', '.', '%2F', '%', 'a%2Fb').map((literal) => ({ literal, raw: true })), weight: 1 },
		),
		fileId: fc.oneof(
			{ arbitrary: pick.map((p) => new Slot('file', p, 'same')), weight: 8 },
			{ arbitrary: pick.map((p) => new Slot('file', p, 'self')), weight: 1 },
			{ arbitrary: pick.map((p) => new Slot('file', p, 'other')), weight: 1 },
			{ arbitrary: malformedId(), weight: 1 },
		),
		body: signerBody(route),
		cookie: fc.oneof({ arbitrary: fc.constant('mine' as const), weight: 8 }, { arbitrary: fc.constantFrom('none' as const, 'forged' as const), weight: 1 }),
	}),
);

const racePlan: fc.Arbitrary<Plan> = fc.oneof(
	fc.record({
		kind: fc.constant('race' as const),
		actor: fc.constant('A'),
		workflow: pick.map((p) => new Slot('workflow', p, 'self', 'sent')),
		moves: fc.array(fc.constantFrom<RaceMove>('cancel', 'refuse', 'sign', 'signAll', 'remind', 'reissue', 'send', 'audit'), { minLength: 2, maxLength: 6 }),
	}),
	fc.record({
		kind: fc.constant('race' as const),
		actor: fc.constant('A'),
		workflow: pick.map((p) => new Slot('workflow', p, 'self', 'draftWithParts')),
		moves: fc.array(fc.constantFrom<RaceMove>('send', 'send', 'addSigner', 'addFile', 'cancel', 'audit'), { minLength: 2, maxLength: 5 }),
	}),
);

const routePlan: fc.Arbitrary<Plan> = fc.record({
	kind: fc.constant('route' as const),
	method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
	path: fc.oneof(
		fc.constantFrom(
			'/healthz',
			'/api/v1/openapi.json',
			'/api/v1/workflows/',
			'/api/v1//workflows',
			'/api/v1/workflows/%2e%2e/me',
			'/api/v2/workflows',
			'/api/v1/organizations',
			'/sign/assets/../../package.json',
			'/sign/assets/%2e%2e/%2e%2e/package.json',
			'/sign/assets/..%2f..%2fpackage.json',
			'/sign/assets/',
			'/sign/assets/app.js',
			'/sign/',
			'/',
			'/api/v1/me?x=%00',
			'/api/v1/workflows?limit=' + '9'.repeat(400),
			'/api/v1/workflows?q=' + 'x'.repeat(20_000),
		),
		hostileString.filter((text) => text.length < 3000).map((text) => `/api/v1/${encodePart(text)}`),
	),
	auth: fc.boolean(),
	body: fc.oneof({ arbitrary: fc.constant({ type: 'none' }), weight: 4 }, { arbitrary: rawJson(fc.constant({ a: 1 })), weight: 1 }),
});

/** The stream of generated requests: every operation of the document, the signer's routes, whole journeys, races and stray routes. */
export function planArbitrary(operations: Operation[]): fc.Arbitrary<Plan> {
	return fc.oneof(
		{ arbitrary: fc.oneof(...operations.map((operation) => ({ arbitrary: apiPlan(operation), weight: OP_WEIGHTS[operation.operationId] ?? 1 }))), weight: 66 },
		{ arbitrary: signerPlan, weight: 20 },
		{ arbitrary: journeyArbitrary(operations), weight: 4 },
		{ arbitrary: racePlan, weight: 5 },
		{ arbitrary: routePlan, weight: 5 },
	);
}
