import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One info line per request, written when it is answered: method, URL (signing tokens
 * redacted by the req serializer), client address, status and time taken. Fastify's own logging
 * writes a second info line on arrival; that one is kept at debug level, for requests that never finish.
 */
export class OneLineRequestLog extends LogController {
	override incomingRequest(request: FastifyRequest): void {
		request.log.debug({ req: request }, 'incoming request');
	}

	override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
		if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
		else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
	}
}
