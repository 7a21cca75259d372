import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { Agent, errors } from 'undici';
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
const MAX_TARGETS = 1000;

interface Target {
	origin: string;
	/** Path and query, as undici's own request(url) would send them. */
	path: string;
	/**
	 * For an address written into the URL (no name lookup to guard): whether the network policy
	 * allows it, decided once, since neither changes; null for a name (the socket's lookup guards it).
	 */
	literalAddressAllowed: Promise<unknown> | null;
}

/**
 * POSTs webhook bodies over keep-alive connections (undici), connecting only
 * to addresses the network policy allows and never following redirects.
 */
export class WebhookSender {
	private readonly agent: Agent;
	private readonly targets = new Map<string, Target>();

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
		// The whole attempt, body included, within the timeout: one plain timer (AbortSignal.timeout
		// costs more per delivery), aborting with the reason AbortSignal.timeout gives.
		const deadline = new AbortController();
		const timer = setTimeout(() => deadline.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs);
		try {
			const target = this.target(url);
			// The socket's lookup covers names; an address written into the URL is checked here.
			if (target.literalAddressAllowed) await target.literalAddressAllowed;
			const response = await this.agent.request({
				origin: target.origin,
				path: target.path,
				method: 'POST',
				headers,
				body,
				headersTimeout: timeoutMs,
				bodyTimeout: timeoutMs,
				signal: deadline.signal,
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
		} finally {
			clearTimeout(timer);
		}
	}

	/** A configuration's URL, parsed once rather than for every delivery (an unparsable one throws each time). */
	private target(url: string): Target {
		let target = this.targets.get(url);
		if (!target) {
			const parsed = new URL(url);
			// As undici's request(url) would refuse it.
			if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
				throw new errors.InvalidArgumentError('Invalid URL protocol: the URL must start with `http:` or `https:`.');
			const host = parsed.hostname.replace(/^\[|\]$/g, '');
			const literalAddressAllowed = isIP(host) === 0 ? null : resolveAllowed(host, this.policy);
			// Awaited by each send; a refusal must not count as unhandled before the first one does.
			literalAddressAllowed?.catch(() => undefined);
			target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}`, literalAddressAllowed };
			if (this.targets.size >= MAX_TARGETS) this.targets.delete(this.targets.keys().next().value!);
			this.targets.set(url, target);
		}
		return target;
	}

	close(): Promise<void> {
		return this.agent.close();
	}
}

/** The first MAX_BODY bytes of a response body, read with listeners (an async iterator costs more per delivery). */
function readSome(body: Readable): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const finish = () => resolve(Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8'));
		body.on('data', (chunk: Buffer) => {
			chunks.push(chunk);
			size += chunk.length;
			if (size >= MAX_BODY) {
				body.destroy();
				finish();
			}
		});
		body.on('end', finish);
		body.on('error', reject);
	});
}

function retryAfter(value: string | string[] | undefined): number | null {
	const text = Array.isArray(value) ? value[0] : value;
	if (!text) return null;
	if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
