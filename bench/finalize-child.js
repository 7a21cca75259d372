// One measurement in a fresh process, so that peak RSS belongs to this run alone:
//   node bench/finalize-child.js signflow|baseline FILE.pdf
// Prints { coldMs, ms (median of three more documents, warm), warmGrowthMb, peakRssMb, startRssMb, maxStallMs } as JSON.
'use strict';
const { createHash } = require('node:crypto');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { PDFDocument } = require('pdf-lib');

const [mode, file] = process.argv.slice(2);
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
	'base64',
);
const sha = (data) => createHash('sha256').update(data).digest('hex');

/** A completed workflow over one file: a drawn signature on page 1, a typed one on the last page, a text annotation. */
function completedWorkflow(bytes, pageCount) {
	const at = new Date().toISOString();
	const workflow = { id: 'w', organizationId: 'o', name: 'Bench', message: null, status: 'completed', timeZone: 'Europe/Berlin', expiresAt: null, requestFrom: null, metadata: {}, reminderPolicy: null, cancelReason: null, createdAt: at, updatedAt: at, sentAt: at, endedAt: at };
	const fileRecord = { id: 'f', workflowId: 'w', name: 'bench.pdf', sha256: sha(bytes), size: bytes.length, pageCount, pages: [], signedSha256: null, signedSize: null, createdAt: at };
	const signer = { id: 's', workflowId: 'w', name: 'Ann Lee', email: 'ann@example.com', role: 'signer', order: 1, status: 'signed', hasAccessCode: false, viewedAt: at, signedAt: at, refusedAt: null, refusalReason: null, linkVersion: 0, failedAccessAttempts: 0, lockedAt: null, createdAt: at, updatedAt: at };
	const field = (id, page, valueType) => ({ id, workflowId: 'w', fileId: 'f', signerId: 's', page, x: 60, y: 60, width: 180, height: 50, kind: 'signature', required: true, signedAt: at, valueType, valueText: valueType === 'typed' ? 'Ann Lee' : null, valueImageSha256: valueType === 'drawn' ? sha(PNG) : null, createdAt: at });
	const annotation = { id: 'a', workflowId: 'w', fileId: 'f', signerId: null, page: 1, x: 60, y: 700, width: 200, height: 20, type: 'text', value: 'Employee no. 1042', imageFileId: null, label: null, required: false, fontSize: 11, filledAt: null, createdAt: at };
	const event = { id: 'e', organizationId: 'o', workflowId: 'w', sequence: 1, type: 'signer.signed', actor: { type: 'signer', id: 's' }, ip: '127.0.0.1', userAgent: 'bench', createdAt: at, data: { signerId: 's', consent: true }, prevHash: null, hash: 'h'.repeat(64) };
	return {
		aggregate: { workflow, files: [fileRecord], signers: [signer], signatures: [field('f1', 1, 'drawn'), field('f2', pageCount, 'typed')], annotations: [annotation] },
		events: [event],
		organization: { id: 'o', name: 'Bench Org', adminEmail: null, createdAt: at },
	};
}

(async () => {
	const bytes = readFileSync(file);
	const pageCount = (await PDFDocument.load(bytes)).getPageCount();
	const blobRoot = mkdtempSync(path.join(os.tmpdir(), 'signflow-bench-blobs-'));
	let run;
	let close;
	try {
		if (mode === 'signflow') {
			// As in a running engine: code loaded, the organization's seal key made, the original stored.
			const { BuildWorker } = require('../engine/finalize/buildInWorker');
			const builder = new BuildWorker();
			close = () => builder.close();
			const { identityFromP12, selfSignedP12 } = require('../engine/pdf/sealIdentity');
			const { DiskBlobStore } = require('../engine/store/diskBlobStore');
			const identity = identityFromP12(selfSignedP12('Bench Org', 'pw'), 'pw');
			const blobs = new DiskBlobStore(blobRoot);
			await blobs.put(bytes);
			await blobs.put(PNG);
			const workflow = completedWorkflow(bytes, pageCount);
			run = async () => {
				const [built] = await builder.build({
					blobFolder: blobRoot,
					...workflow,
					primaryColor: '#2563eb',
					logo: null,
					annotationImages: new Map(),
					sealer: { kind: 'local-p12', identity },
					signingTime: new Date(),
				});
				return built.signed.length;
			};
		} else
			run = async () => {
				const document = await PDFDocument.load(bytes, { updateMetadata: false });
				return (await document.save({ useObjectStreams: false })).length;
			};

		if (global.gc) global.gc();
		const startRssMb = process.memoryUsage().rss / 1048576;
		const loop = monitorEventLoopDelay({ resolution: 5 });
		loop.enable();
		const timed = async () => {
			const started = process.hrtime.bigint();
			const size = await run();
			return { size, ms: Number(process.hrtime.bigint() - started) / 1e6 };
		};
		// The first document after start pays for starting the worker and warming up; the next ones do not.
		const cold = await timed();
		if (global.gc) global.gc();
		const rssBeforeWarmMb = process.memoryUsage().rss / 1048576;
		let peakWarmMb = rssBeforeWarmMb;
		const sampler = setInterval(() => (peakWarmMb = Math.max(peakWarmMb, process.memoryUsage().rss / 1048576)), 2);
		// The median of three warm runs, so one noisy run does not bend the line.
		const runs = [await timed(), await timed(), await timed()].sort((a, b) => a.ms - b.ms);
		const warm = runs[1];
		clearInterval(sampler);
		loop.disable();
		console.log(
			JSON.stringify({
				coldMs: cold.ms,
				ms: warm.ms,
				outputBytes: warm.size,
				startRssMb,
				rssBeforeWarmMb,
				warmGrowthMb: peakWarmMb - rssBeforeWarmMb,
				peakRssMb: process.resourceUsage().maxRSS / 1024,
				maxStallMs: loop.max / 1e6,
			}),
		);
	} finally {
		await close?.();
		rmSync(blobRoot, { recursive: true, force: true });
	}
})();
