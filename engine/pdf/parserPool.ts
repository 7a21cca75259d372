import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SignflowError, invalid, type ErrorKind } from '../domain';
import { BUILT_ENGINE_DIR } from '../support/paths';
import type { ImageMimeType } from './imageDecode';
import { tooComplex } from './inflateBudget';
import type { PdfFacts } from './pdfFacts';
import type { PreparedPng } from './preparedPng';
import type { TextBox, TextFound } from './textLayout';
import type { TextSearch } from './textSearch';
import type { SealCheck } from './verifySeal';

/*
 * Untrusted PDFs and images (uploads, signers' drawings) are parsed in worker
 * threads with a deadline and a heap limit, so a hostile file (a
 * decompression bomb, a pathological object graph) costs one worker: the
 * API's event loop stays free, the worker is ended at the deadline, and the
 * caller gets 422 file_too_complex in seconds.
 */

export type ParseJob =
	| { kind: 'pdf'; bytes: Uint8Array; inflateBudgetBytes?: number }
	| { kind: 'image'; bytes: Uint8Array; mimeType: ImageMimeType }
	/** A PNG to stamp: decoded and prepared for embedding (null when it does not decode). */
	| { kind: 'png'; bytes: Uint8Array }
	| { kind: 'seal'; bytes: Uint8Array }
	/** Spans of each page's text with their boxes: text tags, or every occurrence of an anchor text. */
	| { kind: 'text'; bytes: Uint8Array; search: TextSearch; inflateBudgetBytes?: number }
	/** The PDF with a white rectangle over each box (text tags hidden). */
	| { kind: 'cover'; bytes: Uint8Array; boxes: Array<{ page: number; box: TextBox }>; inflateBudgetBytes?: number };
type ResultOf<J extends ParseJob> = J extends { kind: 'pdf' }
	? PdfFacts
	: J extends { kind: 'text' }
		? TextFound[]
		: J extends { kind: 'cover' }
			? Uint8Array
			: J extends { kind: 'seal' }
		? SealCheck
		: J extends { kind: 'png' }
			? PreparedPng | null
			: boolean;

export interface ParserLimits {
	/** A job still running after this is ended: 422 file_too_complex. */
	timeoutMs: number;
	/** V8 heap of each worker. */
	maxHeapMb: number;
	/** Workers at most; further jobs wait their turn. */
	concurrency: number;
	/** Object and xref streams may inflate to this many bytes at most, per input byte... */
	inflateRatio: number;
	/** ...but never less than this. */
	inflateFloorBytes: number;
}

export const DEFAULT_PARSER_LIMITS: ParserLimits = {
	timeoutMs: 20_000,
	maxHeapMb: 512,
	concurrency: 2,
	inflateRatio: 50,
	inflateFloorBytes: 64 * 1024 * 1024,
};

/** What a worker answers: a result, or an error to rebuild on this side. */
export type WorkerAnswer = { id: number; result: unknown } | { id: number; error: { kind?: ErrorKind; code?: string; message: string; details?: [] } };

function workerScript(): string {
	const built = path.join(BUILT_ENGINE_DIR, 'pdf', 'parserWorker.js');
	if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first.`);
	return built;
}

export class ParserPool {
	private readonly idle: Worker[] = [];
	private readonly running = new Set<Worker>();
	private readonly waiting: Array<() => void> = [];
	private nextId = 0;

	constructor(readonly limits: ParserLimits = DEFAULT_PARSER_LIMITS) {}

	async run<J extends ParseJob>(job: J): Promise<ResultOf<J>> {
		while (this.running.size >= this.limits.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
		const worker = this.idle.pop() ?? this.spawn();
		this.running.add(worker);
		try {
			return (await this.runOn(worker, withBudget(job, this.limits))) as ResultOf<J>;
		} finally {
			this.running.delete(worker);
			this.waiting.shift()?.();
		}
	}

	/** Ends every worker (the engine's shutdown). */
	async close(): Promise<void> {
		const workers = [...this.idle, ...this.running];
		this.idle.length = 0;
		await Promise.all(workers.map((worker) => worker.terminate()));
	}

	private spawn(): Worker {
		return new Worker(workerScript(), {
			resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb, maxYoungGenerationSizeMb: 64 },
		});
	}

	private runOn(worker: Worker, job: ParseJob): Promise<unknown> {
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			const finish = (keep: boolean) => {
				clearTimeout(timer);
				worker.off('message', onMessage).off('error', onError).off('exit', onExit);
				if (keep) {
					// An idle worker must not keep the process alive.
					worker.unref();
					this.idle.push(worker);
				} else void worker.terminate();
			};
			const onMessage = (answer: WorkerAnswer) => {
				if (answer.id !== id) return;
				finish(true);
				if ('error' in answer) reject(rebuild(answer.error));
				else resolve(answer.result);
			};
			const onError = (error: Error & { code?: string }) => {
				finish(false);
				reject(
					error.code === 'ERR_WORKER_OUT_OF_MEMORY'
						? tooComplex(`reading it needs more than ${this.limits.maxHeapMb} MB of memory`)
						: invalid('file_broken', `The file could not be read (${error.message.split('\n')[0].slice(0, 200)}).`),
				);
			};
			const onExit = () => {
				finish(false);
				reject(tooComplex('its reader stopped before it finished'));
			};
			const timer = setTimeout(() => {
				finish(false);
				reject(tooComplex(`reading it took longer than ${Math.round(this.limits.timeoutMs / 1000)} s`));
			}, this.limits.timeoutMs);
			worker.on('message', onMessage).on('error', onError).on('exit', onExit);
			worker.ref();
			worker.postMessage({ id, job });
		});
	}
}

function withBudget(job: ParseJob, limits: ParserLimits): ParseJob {
	if (job.kind === 'image' || job.kind === 'png' || job.kind === 'seal') return job;
	return { ...job, inflateBudgetBytes: Math.max(limits.inflateFloorBytes, job.bytes.length * limits.inflateRatio) };
}

function rebuild(error: { kind?: ErrorKind; code?: string; message: string; details?: [] }): Error {
	return error.kind && error.code ? new SignflowError(error.kind, error.code, error.message, error.details) : new Error(error.message);
}

let shared: ParserPool | null = null;
let users = 0;

/** The process's one pool of parsers, shared by every engine in it. */
export function untrustedParsers(): ParserPool {
	shared ??= new ParserPool();
	return shared;
}

/** Replaces the shared pool's limits (engine start, tests); jobs already running finish on the old one. */
export function configureUntrustedParsers(limits: Partial<ParserLimits>): void {
	const old = shared;
	shared = new ParserPool({ ...DEFAULT_PARSER_LIMITS, ...limits });
	void old?.close();
}

/**
 * An engine holds the pool while it runs; when the last one releases it, its
 * workers end. (Idle workers never keep the process alive either way.)
 */
export function holdUntrustedParsers(): () => Promise<void> {
	users++;
	let released = false;
	return async () => {
		if (released) return;
		released = true;
		if (--users > 0) return;
		const pool = shared;
		shared = null;
		await pool?.close();
	};
}
