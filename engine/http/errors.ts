import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SignflowError, type ErrorDetail, type ErrorKind } from '../domain';

export const STATUS_OF_KIND: Record<ErrorKind, number> = {
	malformed: 400,
	unauthorized: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	too_large: 413,
	unsupported_media_type: 415,
	invalid: 422,
	gone: 410,
	rate_limited: 429,
};

export const ErrorBody = z
	.object({
		error: z.object({
			code: z.string().describe('Stable snake_case code to match on'),
			message: z.string().describe('What went wrong and what to fix'),
			details: z.array(z.object({ path: z.string().optional(), message: z.string() }).catchall(z.unknown())),
		}),
	});

export function errorBody(code: string, message: string, details: ErrorDetail[] = []) {
	return { error: { code, message, details } };
}

/** zod issues as 422 details, with dotted paths a user can find in their request (under `field` when one field was parsed). */
export function validationError(where: 'body' | 'query', error: z.ZodError, field?: string): SignflowError {
	const details = error.issues.map((issue) => ({
		path: [...(field ? [field] : []), ...issue.path.map(String)].join('.') || where,
		message: issue.message,
	}));
	const first = details[0];
	return new SignflowError(
		'invalid',
		'validation_failed',
		first ? `Invalid ${where}: ${first.path}: ${first.message}` : `Invalid ${where}.`,
		details,
	);
}

/** Framework errors about the request itself (size, type, syntax) mapped to our error body. */
function fromFrameworkError(error: FastifyError, request: FastifyRequest): SignflowError | null {
	const tooLarge = request.routeOptions?.config?.tooLarge;
	switch (error.code) {
		case 'FST_ERR_CTP_INVALID_JSON_BODY':
			return new SignflowError('malformed', 'malformed_json', `The body is not valid JSON: ${error.message}`);
		case 'FST_ERR_CTP_BODY_TOO_LARGE':
		case 'FST_REQ_FILE_TOO_LARGE':
		case 'FST_FILES_LIMIT':
		case 'FST_PARTS_LIMIT':
		case 'FST_FIELDS_LIMIT':
			if (tooLarge) return tooLarge();
			return new SignflowError('too_large', 'payload_too_large', 'The request body is larger than this endpoint accepts.');
		case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
			return new SignflowError(
				'unsupported_media_type',
				'unsupported_media_type',
				`Content-Type ${JSON.stringify(error.message.split(': ').pop() ?? '')} is not accepted; send application/json.`,
			);
	}
	const status = error.statusCode ?? 500;
	if (status >= 400 && status < 500) {
		const kind = (Object.entries(STATUS_OF_KIND).find(([, code]) => code === status)?.[0] ?? 'malformed') as ErrorKind;
		return new SignflowError(kind, 'malformed_request', error.message);
	}
	return null;
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
	const known = error instanceof SignflowError ? error : fromFrameworkError(error as FastifyError, request);
	if (known) {
		void reply.status(STATUS_OF_KIND[known.kind]).send(errorBody(known.code, known.message, known.details));
		return;
	}
	request.log.error({ err: error }, 'unexpected error');
	void reply
		.status(500)
		.send(errorBody('internal_error', 'The engine failed unexpectedly; the error is logged. Nothing was changed.'));
}
