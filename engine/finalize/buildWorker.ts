import { parentPort } from 'node:worker_threads';
import { useNativeZlib } from '../pdf/nativeZlib';
import { BlobStore } from '../store/blobStore';
import { buildSignedFiles, type BuildInput } from './buildSignedFiles';

useNativeZlib();

/** One job for the finalization worker: what buildSignedFiles needs, with the blob folder to read originals from. */
export type WorkerRequest = Omit<BuildInput, 'readBlob'> & { blobRoot: string };

parentPort?.on('message', ({ id, request }: { id: number; request: WorkerRequest }) => {
	const blobs = new BlobStore(request.blobRoot);
	buildSignedFiles({ ...request, readBlob: (sha256) => blobs.get(sha256) }).then(
		(files) => parentPort!.postMessage({ id, files }),
		(error: unknown) => parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
	);
});
