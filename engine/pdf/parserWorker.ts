import { parentPort } from 'node:worker_threads';
import { SignflowError } from '../domain';
import { coverBoxes } from './coverBoxes';
import { imageDecodes, preparedPngOrNull } from './imageDecode';
import { assertInflatedWithin } from './inflateBudget';
import { useNativeZlib } from './nativeZlib';
import type { ParseJob, WorkerAnswer } from './parserPool';
import { readPdfFacts } from './pdfFacts';
import { useFastPdfNumbers } from './pdfNumbers';
import { findInPdfText } from './textLayout';
import { searchOf } from './textSearch';
import { checkSeal } from './verifySeal';

useNativeZlib();
useFastPdfNumbers();

/** The worker thread of parserPool.ts: one job at a time, answered by id. */
async function handle(job: ParseJob): Promise<unknown> {
	if (job.kind === 'image') return imageDecodes(job.bytes, job.mimeType);
	if (job.kind === 'png') return preparedPngOrNull(job.bytes);
	if (job.kind === 'seal') return checkSeal(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.length));
	if (job.inflateBudgetBytes !== undefined) assertInflatedWithin(job.bytes, job.inflateBudgetBytes);
	if (job.kind === 'cover') return coverBoxes(job.bytes, job.boxes);
	if (job.kind === 'text') return findInPdfText(job.bytes, searchOf(job.search));
	return readPdfFacts(job.bytes);
}

parentPort?.on('message', ({ id, job }: { id: number; job: ParseJob }) => {
	handle(job).then(
		(result) => parentPort!.postMessage({ id, result } satisfies WorkerAnswer),
		(error: unknown) =>
			parentPort!.postMessage({
				id,
				error:
					error instanceof SignflowError
						? { kind: error.kind, code: error.code, message: error.message, details: error.details as [] }
						: { message: error instanceof Error ? error.message : String(error) },
			} satisfies WorkerAnswer),
	);
});
