/*
 * The console calls the same REST API as everyone (/api/v1), with the session's cookie; every
 * change carries the session's CSRF token.
 */

/** An answer of the API that is not a success (status 0: the engine could not be reached). */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		/** The API's details: which field (dotted path) is refused and why. */
		readonly details: ReadonlyArray<{ path: string; message: string }> = [],
	) {
		super(message);
		this.name = 'ApiError';
	}
}

let csrfToken = '';
let onSessionEnded: () => void = () => undefined;

export function configureApi(token: string, sessionEnded: () => void): void {
	csrfToken = token;
	onSessionEnded = sessionEnded;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
	const headers: Record<string, string> = { accept: 'application/json' };
	if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
	// A FormData (a file upload) is sent as multipart, its boundary set by the browser.
	const form = body instanceof FormData;
	if (body !== undefined && !form) headers['content-type'] = 'application/json';
	let response: Response;
	try {
		response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : form ? body : JSON.stringify(body), credentials: 'same-origin' });
	} catch {
		throw new ApiError(0, 'network', '');
	}
	const data = (await response.json().catch(() => null)) as { error?: { code: string; message: string; details?: Array<{ path?: string; message: string }> } } | null;
	if (!response.ok) {
		if (response.status === 401) onSessionEnded();
		const details = (data?.error?.details ?? []).map((detail) => ({ path: detail.path ?? '', message: detail.message }));
		throw new ApiError(response.status, data?.error?.code ?? 'unknown', data?.error?.message ?? '', details);
	}
	return data as T;
}

/** Sign-in and sign-out are the console's own routes (they set and clear the cookie). */
export async function consolePost(path: string, body?: unknown): Promise<{ ok: boolean; status: number; message: string }> {
	const response = await fetch(path, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
		body: JSON.stringify(body ?? {}),
		credentials: 'same-origin',
	});
	const data = (await response.json().catch(() => null)) as { error?: { message: string } } | null;
	return { ok: response.ok, status: response.status, message: data?.error?.message ?? '' };
}

export const errorText = (error: unknown, fallback: string): string => {
	const known = error as Partial<ApiError>;
	return known?.message || fallback;
};
