import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { textOf } from './text';

/** Network failures (Node's and axios's error codes) in the words a user reads. */
const REASONS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'the connection was closed before an answer',
	ENOTFOUND: 'no such host',
	EAI_AGAIN: 'the host name could not be resolved',
	ETIMEDOUT: 'no answer in time',
	ECONNABORTED: 'no answer in time',
	ESOCKETTIMEDOUT: 'no answer in time',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	EPROTO: 'the TLS handshake failed (http:// or https://?)',
	ERR_SSL_WRONG_VERSION_NUMBER: 'the TLS handshake failed (http:// or https://?)',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is not trusted',
	SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate is not trusted',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate is not trusted',
	CERT_HAS_EXPIRED: 'its TLS certificate has expired',
	ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host name',
	ERR_INVALID_URL: 'that is not a valid URL',
};

/**
 * Why a request never got an answer from the engine, if that is what happened.
 * n8n's request helpers hand the code over in different places depending on the
 * version (httpCode, code, the cause, or only the original message), so look in each.
 */
export function networkFailure(error: unknown): { reason: string; detail: string } | undefined {
	const wrapped = error as {
		message?: string;
		messages?: string[];
		httpCode?: unknown;
		code?: unknown;
		cause?: { code?: unknown; message?: string; cause?: { code?: unknown } };
		errorResponse?: { code?: unknown };
	};
	const texts = [...(wrapped.messages ?? []), wrapped.cause?.message, wrapped.message].filter((text): text is string => typeof text === 'string');
	const codes = [wrapped.httpCode, wrapped.code, wrapped.cause?.code, wrapped.cause?.cause?.code, wrapped.errorResponse?.code]
		.concat(texts.flatMap((text) => text.match(/\b[A-Z][A-Z_]{4,}\b/g) ?? []))
		.filter((code): code is string => typeof code === 'string');
	const code = codes.find((candidate) => candidate in REASONS);
	if (!code) return undefined;
	return { reason: REASONS[code], detail: texts.find((text) => text.includes(code)) ?? code };
}

/** What to tell the user when the engine the credential points at cannot be reached. */
export function unreachableMessage(credentials: ICredentialDataDecryptedObject | undefined, reason: string): string {
	if (credentials?.mode === 'remote')
		return `Could not reach the Signflow engine at ${textOf(credentials.url)}: ${reason}. Check the Engine URL of the Signflow credential, that the engine is running, and that n8n can reach it.`;
	if (credentials?.mode === 'embedded')
		return `Could not reach the embedded Signflow engine: ${reason}. Check the Port and Listen Address of the Signflow credential.`;
	return `Could not reach the Signflow engine: ${reason}. Check the Signflow credential.`;
}
