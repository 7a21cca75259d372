import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IdempotencyClaim, SignflowService } from '../app/service';
import { SignflowError, idempotencyKey, invalid, type Principal } from '../domain';
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

/**
 * preParsing hook of a route that takes the key: with the header, checks the key and reads the
 * body whole to hash it (the JSON parser reads it whole anyway), then hands the bytes on.
 */
export async function hashIdempotentBody(request: FastifyRequest, _reply: FastifyReply, payload: Readable): Promise<Readable> {
	const header = request.headers[IDEMPOTENCY_HEADER.toLowerCase()];
	if (header === undefined) return payload;
	const key = idempotencyKey(Array.isArray(header) ? header.join(', ') : header);
	// A multipart body streams through the route's own reader, past this hook, and its boundary changes on every retry.
	if (request.isMultipart())
		throw invalid(
			'idempotency_key_multipart',
			'An Idempotency-Key needs a JSON body here: send the PDF as { "name", "contentBase64" } instead of multipart/form-data.',
			[{ path: IDEMPOTENCY_HEADER, message: 'Not taken with multipart/form-data.' }],
		);
	const limit = request.routeOptions.bodyLimit ?? Number.POSITIVE_INFINITY;
	const hash = createHash('sha256');
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of payload) {
		const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
		size += bytes.length;
		if (size > limit)
			throw request.routeOptions.config.tooLarge?.() ??
				new SignflowError('too_large', 'payload_too_large', 'The request body is larger than this endpoint accepts.');
		hash.update(bytes);
		chunks.push(bytes);
	}
	request.idempotency = { key, bodyHash: hash.digest('hex') };
	const body = Readable.from(chunks.length ? [Buffer.concat(chunks)] : []);
	// Fastify compares this with Content-Length.
	return Object.assign(body, { receivedEncodedLength: size });
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
