import type { Operation } from './openapi';
import type { HttpRequest } from './resolve';
import type { HttpResponse } from './transport';

/** Codes that describe the request's shape, not the target's state: fine before a cross-organization 404. */
const SHAPE_CODES = new Set([
	'validation_failed',
	'malformed_json',
	'malformed_request',
	'unsupported_media_type',
	'payload_too_large',
	'file_too_large',
	'file_missing',
	'unauthorized',
	'invalid_api_key',
	'missing_api_key',
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
	if (meta.crossOrgPath && (ok || (status !== 404 && !(error && SHAPE_CODES.has(error.code)) && ![400, 401, 413, 415].includes(status))))
		verdicts.push({ rule: 'cross-organization', detail: `another organization's id answered ${status} ${error?.code ?? ''}` });
	if (meta.crossOrgBody && ok) verdicts.push({ rule: 'cross-organization', detail: `another organization's id in the body answered ${status}` });
	if (meta.foreignFile && ok) verdicts.push({ rule: 'cross-workflow', detail: `a file of another workflow was served through a signing link (${status})` });
	if (meta.badAuth && ok && operation?.auth) verdicts.push({ rule: 'auth', detail: `a rejected Authorization header got ${status}` });
	return verdicts;
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
