import { check } from './checks';
import type { Operation } from './openapi';
import { requestMeta, type HttpRequest, type RequestMeta } from './resolve';
import type { HttpResponse } from './transport';

/* The per-answer rules of the fuzz test, on answers written by hand: each one can fail. */
const operation: Operation = {
	operationId: 'getWorkflow',
	method: 'GET',
	path: '/workflows/{workflowId}',
	tag: 'Workflows',
	auth: true,
	pathParameters: [],
	queryParameters: [],
	jsonBody: null,
	multipartBody: null,
	statuses: new Set([200, 404]),
	responseSchemas: new Map([[200, { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: false }]]),
};

const request = (meta: Partial<RequestMeta> = {}): HttpRequest => ({
	method: 'GET',
	path: '/api/v1/workflows/x',
	headers: {},
	body: null,
	meta: requestMeta({ label: 'getWorkflow', operationId: 'getWorkflow', actor: 'A', ...meta }),
});
const answer = (status: number, body: unknown, contentType = 'application/json'): HttpResponse => ({
	status,
	headers: { 'content-type': contentType },
	body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
	ms: 1,
});
const error = (code: string) => ({ error: { code, message: 'What to fix.', details: [] } });
const rules = (req: HttpRequest, res: HttpResponse) => check(req, res, operation).map((verdict) => verdict.rule);

it('accepts a documented answer and a well-formed error', () => {
	expect(rules(request(), answer(200, { id: 'w' }))).toEqual([]);
	expect(rules(request(), answer(404, error('workflow_not_found')))).toEqual([]);
});

it('flags a 5xx, an error body of another shape, JSON that is not, and an answer the document does not describe', () => {
	expect(rules(request(), answer(500, error('internal_error')))).toEqual(['5xx']);
	expect(rules(request(), answer(400, { error: 'Bad Request', code: 'FST_ERR_BAD_URL', message: 'x', statusCode: 400 }))).toEqual(['error-body']);
	expect(rules(request(), answer(404, 'Not found', 'text/plain'))).toEqual(['error-body']);
	expect(rules(request(), answer(200, '{"id":', 'application/json'))).toEqual(['response-schema', 'bad-json']);
	expect(rules(request(), answer(200, { id: 'w', organizationSecret: 'x' }))).toEqual(['response-schema']);
});

it("flags another organization's id that answers anything but 404 or a complaint about the request's shape", () => {
	const foreign = request({ crossOrgPath: true });
	expect(rules(foreign, answer(404, error('workflow_not_found')))).toEqual([]);
	expect(rules(foreign, answer(422, error('validation_failed')))).toEqual([]);
	expect(rules(foreign, answer(429, error('rate_limited')))).toEqual([]);
	expect(rules(foreign, answer(422, error('image_broken')))).toEqual([]);
	expect(rules(foreign, answer(200, { id: 'w' }))).toEqual(['cross-organization']);
	expect(rules(foreign, answer(409, error('workflow_not_draft')))).toEqual(['cross-organization']);
	expect(rules(request({ crossOrgBody: true }), answer(201, { id: 'w' }))).toEqual(['cross-organization']);
});

it('flags a rejected key that got in, a foreign file served to a signer, and generated markup in a page', () => {
	expect(rules(request({ badAuth: true }), answer(200, { id: 'w' }))).toEqual(['auth']);
	expect(rules(request({ foreignFile: true, operationId: null }), answer(200, '%PDF', 'application/pdf'))).toEqual(['cross-workflow']);
	expect(rules(request({ errors: 'html' }), answer(200, '<p><script>alert(1)</script></p>', 'text/html; charset=utf-8'))).toEqual(['unescaped-html']);
	expect(rules(request({ errors: 'html' }), answer(200, '<p>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>', 'text/html; charset=utf-8'))).toEqual([]);
	expect(rules(request({ errors: 'html' }), answer(200, '<p>&quot;><img src=x onerror=alert(1)></p>', 'text/html; charset=utf-8'))).toEqual(['unescaped-html']);
	expect(rules(request({ errors: 'html' }), answer(200, '<a href="javascript:alert(1)">x</a>', 'text/html; charset=utf-8'))).toEqual(['unescaped-html']);
});
