// Finalization cost (stamp + certificate + PAdES seal) against page count, next to a
// baseline measured in the same run: pdf-lib loading and saving the same file, nothing else.
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { PDFDocument } = require('pdf-lib');

const SOURCE = path.join(__dirname, '../test/fixtures/pdf/pages-500.pdf');
const SIZES = [50, 100, 250, 500, 1000];

async function documentOf(pages, source) {
	const document = await PDFDocument.create();
	const indices = Array.from({ length: pages }, (_, index) => index % source.getPageCount());
	for (const page of await document.copyPages(source, indices)) document.addPage(page);
	return Buffer.from(await document.save());
}

function measure(mode, file) {
	const output = execFileSync(process.execPath, ['--expose-gc', '--require', 'tsx/cjs', path.join(__dirname, 'finalize-child.js'), mode, file], { encoding: 'utf8' });
	return JSON.parse(output.trim().split('\n').pop());
}

module.exports = async function finalizeBench() {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'signflow-bench-'));
	const source = await PDFDocument.load(readFileSync(SOURCE));
	const rows = [];
	try {
		for (const pages of SIZES) {
			const file = path.join(dir, `${pages}.pdf`);
			const bytes = await documentOf(pages, source);
			writeFileSync(file, bytes);
			const ours = measure('signflow', file);
			const base = measure('baseline', file);
			rows.push({
				pages,
				'file KB': Math.round(bytes.length / 1024),
				'first doc ms': Math.round(ours.coldMs),
				'finalize ms': Math.round(ours.ms),
				'RSS growth per doc MB': Math.round(ours.warmGrowthMb),
				'limit MB (4x file + 100)': Math.round((4 * bytes.length) / 1048576 + 100),
				'process peak RSS MB': Math.round(ours.peakRssMb),
				'max loop stall ms': Math.round(ours.maxStallMs),
				'baseline ms': Math.round(base.ms),
				'baseline loop stall ms': Math.round(base.maxStallMs),
				'baseline peak RSS MB': Math.round(base.peakRssMb),
			});
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	console.log('\nFinalization (stamp + certificate + PAdES seal) vs baseline (pdf-lib load + save of the same file), fresh process each:');
	console.table(rows);
	// Least-squares line through (pages, ms): a good fit means time grows linearly with pages.
	const xs = rows.map((row) => row.pages);
	const ys = rows.map((row) => row['finalize ms']);
	const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
	const [mx, my] = [mean(xs), mean(ys)];
	const slope = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0) / xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
	const intercept = my - slope * mx;
	const residual = ys.reduce((sum, y, i) => sum + (y - (intercept + slope * xs[i])) ** 2, 0);
	const total = ys.reduce((sum, y) => sum + (y - my) ** 2, 0);
	console.log(
		`finalize time ≈ ${intercept.toFixed(0)} ms + ${slope.toFixed(2)} ms/page (least squares, r² = ${(1 - residual / total).toFixed(3)}); ` +
			'PDF work runs in a worker thread: "max loop stall" is how long the API\'s event loop waited at worst.',
	);
	return rows;
};
