/**
 * Errors the engine raises on purpose. The HTTP layer maps `kind` to a status
 * code in one place; `code` is the stable snake_case identifier clients match on.
 */
export type ErrorKind =
	| 'malformed'
	| 'unauthorized'
	| 'forbidden'
	| 'not_found'
	| 'conflict'
	| 'too_large'
	| 'unsupported_media_type'
	| 'invalid'
	| 'gone'
	| 'rate_limited';

export interface ErrorDetail {
	path?: string;
	message: string;
	[key: string]: unknown;
}

export class SignflowError extends Error {
	constructor(
		readonly kind: ErrorKind,
		readonly code: string,
		message: string,
		readonly details: ErrorDetail[] = [],
	) {
		super(message);
		this.name = 'SignflowError';
	}
}

export function notFound(entity: string): SignflowError {
	return new SignflowError(
		'not_found',
		`${entity}_not_found`,
		`No ${entity.replace(/_/g, ' ')} with this id exists in your organization.`,
	);
}

export function conflict(code: string, message: string, details?: ErrorDetail[]): SignflowError {
	return new SignflowError('conflict', code, message, details);
}

export function invalid(code: string, message: string, details?: ErrorDetail[]): SignflowError {
	return new SignflowError('invalid', code, message, details);
}

/** A PDF over the size limit: the API refuses it while reading the body, the service again before storing it. */
export function fileTooLarge(maxBytes: number): SignflowError {
	return new SignflowError('too_large', 'file_too_large', `The file is larger than the ${formatBytes(maxBytes)} limit.`);
}

function formatBytes(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** A document a purge deleted (its SHA-256 stays in the workflow). */
export function documentPurged(purgedAt: string): SignflowError {
	return new SignflowError('gone', 'document_purged', `The document was purged on ${purgedAt}: its bytes are deleted; its SHA-256 stays in the signing workflow.`);
}
