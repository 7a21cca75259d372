import { z } from 'zod';
import type { Operation } from './openapi';
import type { HttpRequest } from './resolve';
import type { HttpResponse } from './transport';

/** Codes (and below, statuses) that describe the request's shape, not the target's state: fine before a cross-organization 404. */
const SHAPE_CODES = new Set([
	'validation_failed',
	'malformed_json',
	'malformed_request',
	'unsupported_media_type',
	'payload_too_large',
	'file_too_large',
	'file_missing',
	'multipart_malformed',
	'multipart_field_unexpected',
	'unauthorized',
	'invalid_api_key',
	'missing_api_key',
	// A rate limit answers before any lookup: it says nothing about the target.
	'rate_limited',
	// An image in the body is checked (and stored, content-addressed) before the workflow is looked up.
	'image_broken',
	'image_empty',
	'image_too_large',
	'image_unsupported',
]);

export interface Verdict {
	rule: string;
	detail: string;
}

/**
 * What every answer must satisfy, whatever was sent: no 5xx; a JSON error
 * body {error:{code,message,details}} on every API 4xx; nothing but 404 (or
 * a complaint about the request's own shape) for another organization's ids;
 * no 2xx for a rejected key, a foreign id in a body or a foreign file
 * through a signing link.
 */
export function check(request: HttpRequest, response: HttpResponse, operation: Operation | undefined): Verdict[] {
	const verdicts: Verdict[] = [];
	const { status } = response;
	const { meta } = request;
	const ok = status >= 200 && status < 300;
	const error = errorOf(response);
	if (status >= 500) verdicts.push({ rule: '5xx', detail: `${status} ${preview(response)}` });
	if (status >= 400 && status < 500 && request.method !== 'HEAD') {
		const html = String(response.headers['content-type'] ?? '').startsWith('text/html');
		if (meta.errors === 'json' && !error) verdicts.push({ rule: 'error-body', detail: `${status} without {error:{code,message,details}}: ${preview(response)}` });
		if (meta.errors === 'html' && !html && !error) verdicts.push({ rule: 'error-body', detail: `${status} is neither the HTML page nor a JSON error: ${preview(response)}` });
	}
	// (A 5xx is counted above already.)
	if (meta.crossOrgPath && status < 500 && (ok || (status !== 404 && !(error && SHAPE_CODES.has(error.code)) && ![400, 401, 413, 414, 415, 431].includes(status))))
		verdicts.push({ rule: 'cross-organization', detail: `another organization's id answered ${status} ${error?.code ?? ''}` });
	if (meta.crossOrgBody && ok) verdicts.push({ rule: 'cross-organization', detail: `another organization's id in the body answered ${status}` });
	if (meta.foreignFile && ok) verdicts.push({ rule: 'cross-workflow', detail: `a file of another workflow was served through a signing link (${status})` });
	if (meta.badAuth && ok && operation?.auth) verdicts.push({ rule: 'auth', detail: `a rejected Authorization header got ${status}` });
	const mismatch = operation && ok ? responseMismatch(operation, response) : null;
	if (mismatch) verdicts.push({ rule: 'response-schema', detail: `${status} does not match the OpenAPI document: ${mismatch}` });
	const contentType = String(response.headers['content-type'] ?? '');
	if (contentType.includes('application/json') && request.method !== 'HEAD' && !parses(response.body)) verdicts.push({ rule: 'bad-json', detail: `${status} says JSON but is not: ${preview(response)}` });
	// Markup that would run: the generated values' tags or a javascript: link. Their escaped text (&lt;script&gt;alert(1)...) is what a page should show.
	if (contentType.startsWith('text/html') && /<script>alert\(1\)|<img src=x onerror=|(?:href|src|action)=["']?javascript:/i.test(response.body.toString('utf8')))
		verdicts.push({ rule: 'unescaped-html', detail: `generated markup came back unescaped in a page: ${preview(response)}` });
	return verdicts;
}

function parses(body: Buffer): boolean {
	try {
		JSON.parse(body.toString('utf8'));
		return true;
	} catch {
		return false;
	}
}

const compiled = new Map<string, z.ZodType>();

/** Where a 2xx JSON answer departs from the schema the document gives for it (null when it fits). */
function responseMismatch(operation: Operation, response: HttpResponse): string | null {
	const schema = operation.responseSchemas.get(response.status);
	if (!schema || !String(response.headers['content-type'] ?? '').includes('application/json')) return null;
	const key = `${operation.operationId} ${response.status}`;
	let validator = compiled.get(key);
	if (!validator) compiled.set(key, (validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0])));
	let body: unknown;
	try {
		body = JSON.parse(response.body.toString('utf8'));
	} catch {
		return 'not JSON';
	}
	const result = validator.safeParse(body);
	if (result.success) return null;
	return result.error.issues
		.slice(0, 3)
		.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
		.join('; ');
}

/** The {error:{code,message,details}} body, if the answer has a well-formed one. */
export function errorOf(response: HttpResponse): { code: string; message: string } | null {
	if (!String(response.headers['content-type'] ?? '').includes('application/json')) return null;
	try {
		const body = JSON.parse(response.body.toString('utf8'));
		const error = body?.error;
		if (typeof error?.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(error.code)) return null;
		if (typeof error.message !== 'string' || error.message.length === 0) return null;
		if (!Array.isArray(error.details)) return null;
		return error;
	} catch {
		return null;
	}
}

export function preview(response: HttpResponse): string {
	return response.body.toString('utf8').slice(0, 300).replace(/\s+/g, ' ');
}
