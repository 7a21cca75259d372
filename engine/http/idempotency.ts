import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IdempotencyClaim, SignflowService } from '../app/service';
import { idempotencyKey, invalid, type Principal } from '../domain';
import type { HttpMethod } from './route';

declare module 'fastify' {
	interface FastifyRequest {
		/** The Idempotency-Key of a creating request, the SHA-256 of its body, and the claim once taken. */
		idempotency?: { key: string; bodyHash: string; claim?: IdempotencyClaim };
	}
}

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * Which routes take an Idempotency-Key: those that say so, and by default every POST that answers
 * 201 Created (the API's creating requests), so that a new creating route takes it without a word.
 */
export function takesIdempotencyKey(route: { method: HttpMethod; idempotent?: boolean }, successStatus: number | undefined): boolean {
	return route.idempotent ?? (route.method === 'POST' && successStatus === 201);
}

/** A request without a body: the hash its key is kept under (SHA-256 of nothing). */
const EMPTY_BODY_HASH = createHash('sha256').digest('hex');

/**
 * preParsing hook of a route that takes the key: with the header, checks the key. The body is
 * hashed by the JSON parser, which reads it whole anyway (hashIdempotentBody); one without a body
 * keeps the hash of nothing.
 */
// async: fastify takes an async hook's returned payload and its throw as the route's answer.
// eslint-disable-next-line @typescript-eslint/require-await
export async function checkIdempotencyKey(request: FastifyRequest, _reply: FastifyReply, payload: Readable): Promise<Readable> {
	const header = request.headers[IDEMPOTENCY_HEADER.toLowerCase()];
	if (header === undefined) return payload;
	const key = idempotencyKey(Array.isArray(header) ? header.join(', ') : header);
	// A multipart body streams through the route's own reader, past the parser, and its boundary changes on
	// every retry. (Read off the header: request.isMultipart() says so only once the body parser has run.)
	if (/^\s*multipart\//i.test(request.headers['content-type'] ?? ''))
		throw invalid(
			'idempotency_key_multipart',
			'An Idempotency-Key needs a JSON body here: send the PDF as { "name", "contentBase64" } instead of multipart/form-data.',
			[{ path: IDEMPOTENCY_HEADER, message: 'Not taken with multipart/form-data.' }],
		);
	request.idempotency = { key, bodyHash: EMPTY_BODY_HASH };
	return payload;
}

/**
 * The JSON parser's part (server.ts): the SHA-256 of the body of a request with a key, as the
 * parser read it whole (as UTF-8: the same as hashing its bytes when they are UTF-8).
 */
export function hashIdempotentBody(request: FastifyRequest, body: string): void {
	if (request.idempotency) request.idempotency.bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * Before the route's work: claims the key, or answers the kept answer of an earlier identical
 * request (true: answered). The request is its method, its path and its body's hash.
 */
export async function claimOrReplay(
	service: SignflowService,
	principal: Principal,
	request: FastifyRequest,
	reply: FastifyReply,
	staleAfterMs: number,
): Promise<boolean> {
	const idempotency = request.idempotency;
	if (!idempotency) return false;
	const requestHash = createHash('sha256').update(`${request.method}\n${request.url}\n${idempotency.bodyHash}`).digest('hex');
	const start = await service.idempotency.begin(principal, idempotency.key, requestHash, staleAfterMs);
	if ('claim' in start) {
		idempotency.claim = start.claim;
		return false;
	}
	await reply.status(start.replay.status).header(REPLAYED_HEADER, 'true').type('application/json; charset=utf-8').send(start.replay.body);
	return true;
}

/** onSend hook of a route that takes the key: keeps the answer before the client gets it. */
export function keepIdempotentAnswer(service: SignflowService) {
	return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
		const claim = request.idempotency?.claim;
		if (!claim || claim.closed) return payload;
		try {
			await service.idempotency.finish(claim, { status: reply.statusCode, body: typeof payload === 'string' ? payload : '' });
		} catch (error) {
			// The answer still goes out; a retry is told the key is in progress, then that its answer is lost.
			request.log.error({ err: error }, 'the answer of an Idempotency-Key could not be kept');
		}
		return payload;
	};
}
