import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { useNativeZlib } from '../pdf/nativeZlib';
import { BlobStore } from '../store/blobStore';
import { buildSignedFiles, type BuildInput } from './buildSignedFiles';

useNativeZlib();

/** One job for the finalization worker: what buildSignedFiles needs, with the blob folder to read originals from. */
export type WorkerRequest = Omit<BuildInput, 'readBlob'> & { blobRoot: string };

parentPort?.on('message', ({ id, request }: { id: number; request: WorkerRequest }) => {
	const blobs = new BlobStore(request.blobRoot);
	// Read at once: this thread does one job at a time and has nothing to do meanwhile, and a read
	// through the thread pool (open, stat, read, close, each a round trip) costs several times the CPU.
	const readBlob = (sha256: string) => new Promise<Buffer>((resolve) => resolve(readFileSync(blobs.pathOf(sha256))));
	buildSignedFiles({ ...request, readBlob }).then(
		(files) => parentPort!.postMessage({ id, files }),
		(error: unknown) => parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
	);
});
