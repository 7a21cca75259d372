import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { BUILT_ENGINE_DIR } from '../support/paths';
import type { BuiltFile } from './buildSignedFiles';
import type { WorkerRequest } from './buildWorker';

/**
 * The worker's built script (a bundle of its own). Run from the sources
 * (ts-jest), the worker still runs the build in dist/ (npm test builds first).
 */
function workerScript(): string {
	const built = path.join(BUILT_ENGINE_DIR, 'finalize', 'buildWorker.js');
	if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first.`);
	return built;
}

interface Pending {
	resolve(files: BuiltFile[]): void;
	reject(error: Error): void;
}

/**
 * Builds signed files in a worker thread, so that PDF work (parsing, font
 * subsetting, signing) never stalls the API's event loop. The worker starts
 * on first use and stays, so its code is loaded once; its jobs run one at a
 * time (BuildWorkers runs several threads);
 * a crashed worker is replaced by the next job.
 */
export class BuildWorker {
	private worker: Worker | null = null;
	private nextId = 0;
	private readonly pending = new Map<number, Pending>();
	private queue: Promise<unknown> = Promise.resolve();

	build(request: WorkerRequest): Promise<BuiltFile[]> {
		const result = this.queue.then(() => this.send(request));
		this.queue = result.catch(() => undefined);
		return result;
	}

	async close(): Promise<void> {
		const worker = this.worker;
		this.worker = null;
		await worker?.terminate();
	}

	private send(request: WorkerRequest): Promise<BuiltFile[]> {
		const worker = this.start();
		const id = this.nextId++;
		// Referenced while it works, so the process waits for it; unreferenced when idle.
		worker.ref();
		return new Promise<BuiltFile[]>((resolve, reject) => {
			this.pending.set(id, { resolve, reject });
			worker.postMessage({ id, request });
		}).finally(() => {
			if (this.pending.size === 0) worker.unref();
		});
	}

	private start(): Worker {
		if (this.worker) return this.worker;
		const worker = new Worker(workerScript());
		worker.on('message', (message: { id: number; files?: BuiltFile[]; error?: string }) => {
			const pending = this.pending.get(message.id);
			this.pending.delete(message.id);
			if (!pending) return;
			if (message.error !== undefined) pending.reject(new Error(message.error));
			else pending.resolve(message.files!.map((file) => ({ ...file, signed: Buffer.from(file.signed) })));
		});
		const fail = (error: Error) => {
			if (this.worker === worker) this.worker = null;
			for (const pending of this.pending.values()) pending.reject(error);
			this.pending.clear();
		};
		worker.on('error', fail);
		worker.on('exit', (code) => fail(new Error(`The finalization worker stopped (exit code ${code}).`)));
		// An idle worker must not keep the process alive (listeners re-reference it, so this comes last).
		worker.unref();
		this.worker = worker;
		return worker;
	}
}
