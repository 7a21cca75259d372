import { BuildWorker } from './buildInWorker';
import type { BuiltFile } from './buildSignedFiles';
import type { WorkerRequest } from './buildWorker';

/**
 * Several finalization worker threads (by default one per core): each
 * request goes to the thread with the fewest jobs, so as many documents are
 * built at once as there are threads. Threads start on first use.
 */
export class BuildWorkers {
	private readonly workers: Array<{ worker: BuildWorker; jobs: number }>;

	constructor(readonly size: number) {
		if (!Number.isInteger(size) || size < 1) throw new Error(`At least one finalization worker is needed, not ${size}.`);
		this.workers = Array.from({ length: size }, () => ({ worker: new BuildWorker(), jobs: 0 }));
	}

	async build(request: WorkerRequest): Promise<BuiltFile[]> {
		const slot = this.workers.reduce((least, candidate) => (candidate.jobs < least.jobs ? candidate : least));
		slot.jobs += 1;
		try {
			return await slot.worker.build(request);
		} finally {
			slot.jobs -= 1;
		}
	}

	async close(): Promise<void> {
		await Promise.all(this.workers.map(({ worker }) => worker.close()));
	}
}
