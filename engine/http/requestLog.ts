import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * One info line per request, written when it is answered: what was asked (the logger's `req`
 * serializer redacts signing tokens), the status and the time it took. Fastify's own request
 * logging writes two lines (incoming, completed), which doubles the log work of every request.
 */
export function logAnsweredRequest(request: FastifyRequest, reply: FastifyReply): void {
	request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
}
