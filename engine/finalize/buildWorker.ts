import { parentPort } from 'node:worker_threads';
import { useNativeZlib } from '../pdf/nativeZlib';
import { useFastPdfNumbers } from '../pdf/pdfNumbers';
import { DiskBlobStore } from '../store/diskBlobStore';
import { buildSignedFiles, type BuildInput } from './buildSignedFiles';

useNativeZlib();
useFastPdfNumbers();

/**
 * One job for the finalization worker: what buildSignedFiles needs, with where its blobs are: the
 * folder the thread reads them from (disk), or the bytes themselves (PostgreSQL: the main thread
 * reads them, as the thread has no connection of its own).
 */
export type WorkerRequest = Omit<BuildInput, 'readBlob'> & ({ blobFolder: string } | { blobBytes: ReadonlyMap<string, Uint8Array> });

parentPort?.on('message', ({ id, request }: { id: number; request: WorkerRequest }) => {
	buildSignedFiles({ ...request, readBlob: blobReader(request) }).then(
		(files) => parentPort!.postMessage({ id, files }),
		(error: unknown) => parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
	);
});

function blobReader(request: WorkerRequest): (sha256: string) => Promise<Uint8Array> {
	if ('blobBytes' in request)
		return (sha256) =>
			new Promise((resolve, reject) => {
				const bytes = request.blobBytes.get(sha256);
				if (bytes) resolve(bytes);
				else reject(new Error(`Blob ${sha256} was not handed to the finalization worker.`));
			});
	const blobs = new DiskBlobStore(request.blobFolder);
	// Read at once: this thread does one job at a time and has nothing to do meanwhile, and a read
	// through the thread pool (open, stat, read, close, each a round trip) costs several times the CPU.
	return (sha256) => new Promise<Buffer>((resolve) => resolve(blobs.getSync(sha256)));
}
