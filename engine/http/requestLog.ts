import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One log line per request, written when it is answered: what was asked (the logger's `req`
 * serializer redacts signing tokens), the status and the time it took. Fastify's default writes
 * two at info level (incoming, completed), which doubles the log work of every request.
 */
export class OneLinePerRequest extends LogController {
	override incomingRequest(): void {}

	override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
		if (this.isLogDisabled(request)) return;
		const line = { req: request, res: reply, responseTime: reply.elapsedTime };
		if (error) reply.log.error({ ...line, err: error }, 'request errored');
		else reply.log.info(line, 'request completed');
	}
}
