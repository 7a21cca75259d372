import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { Agent, errors, type Dispatcher } from 'undici';
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

	/**
	 * One attempt, answered by the time `timeoutMs` has gone by at the latest, whatever the network does
	 * (a connection still being made is cut off when it completes). Sent with undici's dispatch and a
	 * handler of its own: no response stream, promise bookkeeping or AbortSignal per delivery, which
	 * undici's request() costs.
	 */
	send(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<SendResult> {
		const attempt = new Attempt(timeoutMs);
		try {
			const target = this.target(url);
			// The socket's lookup covers names; an address written into the URL is checked here.
			if (!target.literalAddressAllowed) this.dispatch(target, headers, body, timeoutMs, attempt);
			else
				target.literalAddressAllowed.then(
					() => this.dispatch(target, headers, body, timeoutMs, attempt),
					(error: unknown) => attempt.fail(error),
				);
		} catch (error) {
			attempt.fail(error);
		}
		return attempt.result;
	}

	private dispatch(target: Target, headers: Record<string, string>, body: string, timeoutMs: number, attempt: Attempt): void {
		if (attempt.settled) return;
		try {
			this.agent.dispatch(
				{ origin: target.origin, path: target.path, method: 'POST', headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs },
				attempt,
			);
		} catch (error) {
			attempt.fail(error);
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

/**
 * One attempt's undici handler and its outcome: the status, the first MAX_BODY bytes of the answer
 * and its Retry-After, or the error; settled once, by the answer, an error or the deadline.
 */
class Attempt implements Dispatcher.DispatchHandler {
	readonly result: Promise<SendResult>;
	settled = false;
	private resolve!: (result: SendResult) => void;
	private readonly started = performance.now();
	private readonly timer: NodeJS.Timeout;
	private controller: Dispatcher.DispatchController | null = null;
	private statusCode = 0;
	private retryAfterMs: number | null = null;
	private readonly chunks: Buffer[] = [];
	private size = 0;

	constructor(timeoutMs: number) {
		this.result = new Promise((resolve) => (this.resolve = resolve));
		// The reason AbortSignal.timeout gives.
		this.timer = setTimeout(() => this.fail(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs);
	}

	onRequestStart(controller: Dispatcher.DispatchController): void {
		this.controller = controller;
		// Given up on while its connection was being made.
		if (this.settled) controller.abort(new Error('The attempt ended before its request went out.'));
	}

	onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
		this.statusCode = statusCode;
		this.retryAfterMs = retryAfter(headers['retry-after']);
	}

	onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
		if (this.settled) return;
		this.chunks.push(chunk);
		this.size += chunk.length;
		if (this.size < MAX_BODY) return;
		// Enough read: the rest is not waited for (the connection is closed, not drained).
		this.succeed();
		controller.abort(new Error('The answer was read as far as it is kept.'));
	}

	onResponseEnd(): void {
		this.succeed();
	}

	onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
		this.fail(error);
	}

	/** Settles with `error`; a request still under way is cut off. */
	fail(error: unknown): void {
		if (this.settled) return;
		const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
		this.settle({ statusCode: null, durationMs: this.elapsed(), body: null, error: message.slice(0, 1000), retryAfterMs: null });
		if (this.controller && !this.controller.aborted) this.controller.abort(error instanceof Error ? error : new Error(message));
	}

	private succeed(): void {
		if (this.settled) return;
		const body = Buffer.concat(this.chunks, this.size).subarray(0, MAX_BODY).toString('utf8');
		this.settle({ statusCode: this.statusCode, durationMs: this.elapsed(), body, error: null, retryAfterMs: this.retryAfterMs });
	}

	private settle(result: SendResult): void {
		this.settled = true;
		clearTimeout(this.timer);
		this.resolve(result);
	}

	private elapsed(): number {
		return Math.round(performance.now() - this.started);
	}
}

function retryAfter(value: string | string[] | undefined): number | null {
	const text = Array.isArray(value) ? value[0] : value;
	if (!text) return null;
	if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
