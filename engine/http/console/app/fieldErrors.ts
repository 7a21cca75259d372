import { ApiError } from './api';

/** The API's refusal, field by field (its details' paths, e.g. "adminEmail" or "retention.days"); "" holds what names no field. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
	if (!(error instanceof ApiError)) return { '': (error as Error)?.message ?? '' };
	const errors: Record<string, string> = {};
	for (const detail of error.details) {
		const path = (detail.path ?? '').replace(/^body\.?/, '');
		errors[path] ??= detail.message;
	}
	if (error.details.length === 0 || !errors['']) errors[''] = error.message;
	return errors;
}
