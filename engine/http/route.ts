import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { SignflowService } from '../app/service';
import { SignflowError, notFound, type EventContext, type Principal } from '../domain';
import type { ApiGuard } from './auth';
import { validationError } from './errors';
import { checkIdempotencyKey, claimOrReplay, keepIdempotentAnswer, takesIdempotencyKey } from './idempotency';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ResponseSpec {
	description: string;
	schema?: z.ZodType;
	/** Defaults to application/json. */
	contentType?: string;
}

export interface RouteContext<Q, B> {
	principal: Principal;
	params: Record<string, string>;
	query: Q;
	body: B;
	event: EventContext;
	request: FastifyRequest;
	reply: FastifyReply;
}

export interface RouteSpec<Q = unknown, B = unknown> {
	method: HttpMethod;
	/** OpenAPI-style path under /api/v1, e.g. /workflows/{workflowId}. */
	path: string;
	operationId: string;
	summary: string;
	description?: string;
	tag: string;
	/** false for the few public routes. */
	auth?: boolean;
	query?: z.ZodType<Q>;
	body?: z.ZodType<B>;
	/** Extra request content types documented in OpenAPI (the route reads them itself). */
	extraBodyTypes?: Record<string, Record<string, unknown>>;
	bodyLimit?: number;
	/** The error to answer when the body exceeds bodyLimit (default: payload_too_large). */
	tooLarge?: () => SignflowError;
	/**
	 * Whether the route takes an Idempotency-Key (http/idempotency.ts): by default every POST that
	 * answers 201, the API's creating requests.
	 */
	idempotent?: boolean;
	/**
	 * The handler answers with what its one transaction returns, unchanged (a service call that is one
	 * store.transaction): an Idempotency-Key then keeps the answer in that transaction's commit, and
	 * the answer costs no commit of its own (app/idempotency.ts).
	 */
	answerInCommit?: boolean;
	/** The first entry is the success status. */
	responses: Record<number, ResponseSpec>;
	handler(context: RouteContext<Q, B>): Promise<unknown>;
}

/** Path parameters are ids named after their entity: a malformed one cannot exist, so it is a 404. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PARAM_ENTITY: Record<string, { entity: string; pattern: RegExp }> = {
	workflowId: { entity: 'workflow', pattern: UUID },
	fileId: { entity: 'file', pattern: UUID },
	signerId: { entity: 'signer', pattern: UUID },
	webhookId: { entity: 'webhook', pattern: UUID },
	templateId: { entity: 'template', pattern: UUID },
	roleId: { entity: 'role', pattern: UUID },
	signatureId: { entity: 'signature', pattern: UUID },
	annotationId: { entity: 'annotation', pattern: UUID },
	bulkSendId: { entity: 'bulk_send', pattern: UUID },
	deliveryId: { entity: 'delivery', pattern: /^msg_[0-9a-f]{32}$/ },
};

declare module 'fastify' {
	interface FastifyRequest {
		principal?: Principal;
	}
	interface FastifyContextConfig {
		tooLarge?: () => SignflowError;
	}
}

export class ApiRouter {
	readonly routes: RouteSpec[] = [];

	constructor(
		private readonly app: FastifyInstance,
		readonly prefix: string,
		/** Runs as the route's onRequest hook: the key is checked before the body is read. */
		private readonly guard: ApiGuard,
		private readonly service: SignflowService,
		/** An Idempotency-Key whose request began this long ago and never kept its answer is given up on (app/idempotency.ts). */
		private readonly idempotencyStaleAfterMs: number,
	) {}

	define<Q, B>(spec: RouteSpec<Q, B>): void {
		this.routes.push(spec);
		const [successStatus] = Object.keys(spec.responses).map(Number);
		const idempotent = takesIdempotencyKey(spec, successStatus);
		this.app.route({
			method: spec.method,
			url: this.prefix + spec.path.replace(/\{(\w+)\}/g, ':$1'),
			bodyLimit: spec.bodyLimit,
			config: { tooLarge: spec.tooLarge },
			onRequest: spec.auth === false ? [] : [async (request, reply) => void (await this.guard(request, reply))],
			preParsing: idempotent ? [checkIdempotencyKey] : [],
			onSend: idempotent ? [keepIdempotentAnswer(this.service)] : [],
			handler: async (request, reply) => {
				const principal = spec.auth === false ? anonymous : request.principal!;
				if (idempotent && (await claimOrReplay(this.service, principal, request, reply, this.idempotencyStaleAfterMs))) return reply;
				const params = checkParams(request.params as Record<string, string>);
				const query = parse(spec.query, request.query ?? {}, 'query');
				const multipart = request.isMultipart();
				if (multipart && !spec.extraBodyTypes?.['multipart/form-data'])
					throw new SignflowError('unsupported_media_type', 'unsupported_media_type', 'This endpoint takes application/json, not multipart/form-data.');
				const body = (spec.body && !multipart ? parse(spec.body, request.body ?? {}, 'body') : undefined) as B;
				const claim = request.idempotency?.claim;
				if (claim && spec.answerInCommit) claim.answerInCommit(successStatus ?? 200);
				const work = () => spec.handler({
					principal,
					params,
					query: query as Q,
					body,
					event: {
						actor: { type: 'api_key', id: principal.apiKeyId || null },
						ip: request.ip ?? null,
						userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
					},
					request,
					reply,
				});
				const result = claim ? await this.service.idempotency.run(claim, work) : await work();
				if (reply.sent) return reply;
				return reply.status(successStatus ?? 200).send(result);
			},
		});
	}
}

const anonymous: Principal = { organizationId: '', apiKeyId: '', mode: 'live' };

function checkParams(params: Record<string, string>): Record<string, string> {
	for (const [name, value] of Object.entries(params ?? {})) {
		const param = PARAM_ENTITY[name];
		if (param && !param.pattern.test(value)) throw notFound(param.entity);
	}
	return params ?? {};
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: 'body' | 'query'): T | undefined {
	if (!schema) return undefined;
	const result = schema.safeParse(value);
	if (!result.success) throw validationError(where, result.error);
	return result.data;
}
