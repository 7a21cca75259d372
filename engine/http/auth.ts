import type { FastifyRequest } from 'fastify';
import { SignflowError, type Principal } from '../domain';
import type { SignflowService } from '../service';

/** Resolves `Authorization: Bearer <api key>` to the key's organization, or answers 401. */
export function bearerAuth(service: SignflowService) {
	return async (request: FastifyRequest): Promise<Principal> => {
		const header = request.headers.authorization;
		if (!header)
			throw new SignflowError('unauthorized', 'missing_api_key', 'Send your API key as "Authorization: Bearer <key>".');
		const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
		if (!match)
			throw new SignflowError('unauthorized', 'invalid_authorization_header', 'The Authorization header must be "Bearer <key>".');
		const principal = await service.authenticate(match[1]!);
		if (!principal) throw new SignflowError('unauthorized', 'invalid_api_key', 'The API key is unknown or revoked.');
		request.principal = principal;
		return principal;
	};
}
