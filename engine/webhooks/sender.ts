import { isIP } from 'node:net';
import { Agent, request } from 'undici';
import { guardedLookup, resolveAllowed, type NetworkPolicy } from '../security/networkPolicy';

export interface SendResult {
	statusCode: number | null;
	durationMs: number;
	/** The first 4 KB of the response body. */
	body: string | null;
	error: string | null;
	/** The receiver's Retry-After, in milliseconds. */
	retryAfterMs: number | null;
}

const MAX_BODY = 4096;

/**
 * POSTs webhook bodies over keep-alive connections (undici), connecting only
 * to addresses the network policy allows and never following redirects.
 */
export class WebhookSender {
	private readonly agent: Agent;

	constructor(
		private readonly policy: NetworkPolicy,
		connectionsPerOrigin: number,
	) {
		this.agent = new Agent({
			connections: connectionsPerOrigin,
			keepAliveTimeout: 30_000,
			connect: { lookup: guardedLookup(policy) },
		});
	}

	async send(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<SendResult> {
		const started = performance.now();
		const elapsed = () => Math.round(performance.now() - started);
		try {
			// The socket's lookup covers names; an address written into the URL is checked here.
			const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
			if (isIP(host)) await resolveAllowed(host, this.policy);
			const response = await request(url, {
				dispatcher: this.agent,
				method: 'POST',
				headers,
				body,
				headersTimeout: timeoutMs,
				bodyTimeout: timeoutMs,
				signal: AbortSignal.timeout(timeoutMs),
			});
			const text = await readSome(response.body);
			return {
				statusCode: response.statusCode,
				durationMs: elapsed(),
				body: text,
				error: null,
				retryAfterMs: retryAfter(response.headers['retry-after']),
			};
		} catch (error) {
			const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
			return { statusCode: null, durationMs: elapsed(), body: null, error: message.slice(0, 1000), retryAfterMs: null };
		}
	}

	close(): Promise<void> {
		return this.agent.close();
	}
}

async function readSome(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		chunks.push(chunk);
		size += chunk.length;
		if (size >= MAX_BODY) {
			body.destroy();
			break;
		}
	}
	return Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8');
}

function retryAfter(value: string | string[] | undefined): number | null {
	const text = Array.isArray(value) ? value[0] : value;
	if (!text) return null;
	if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
