#!/usr/bin/env node
// Bundles the engine with esbuild into dist/engine, replacing what tsc emitted
// there. The published package then needs one runtime dependency, libsql (a
// native addon, prebuilt per platform): everything else the engine uses
// (fastify, pdf-lib, zod, kysely, pg, ...) is inside the bundles, tree-shaken,
// instead of some 80 MB of node_modules. Licences of bundled code:
// dist/engine/*.LEGAL.txt.
//
// Three bundles, because a worker thread needs a script of its own:
//   dist/engine/index.js              the engine (package.json "main"), with runCli and the embedded entry points
//   dist/engine/finalize/buildWorker.js  the finalization worker
//   dist/engine/pdf/parserWorker.js      the bounded parser of untrusted PDFs and images
// and two the build itself loads: dist/engine/vendor/index.js (what to copy from other packages) and
// dist/engine/http/signing/assetBuild.js (the signing page's files, hashed and compressed) and
// dist/engine/http/console/assetBuild.js (the console's Preact app, bundled by esbuild, hashed and compressed);
// and two launchers that load the first, at the paths the package promises:
//   dist/engine/cli.js                package.json "bin" (signflow)
//   dist/engine/embedded.js           the credential's embedded mode
'use strict';
const { chmodSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const outdir = path.join(root, 'dist', 'engine');

const ENTRIES = ['engine/index.ts', 'engine/finalize/buildWorker.ts', 'engine/pdf/parserWorker.ts', 'engine/vendor/index.ts', 'engine/http/signing/assetBuild.ts', 'engine/http/console/assetBuild.ts'];

const LAUNCHERS = {
	'cli.js': "#!/usr/bin/env node\n'use strict';\nrequire('./index').runCli(process.argv.slice(2));\n",
	'embedded.js': "'use strict';\nmodule.exports = require('./index');\n",
};

async function main() {
	rmSync(outdir, { recursive: true, force: true });
	const result = await esbuild.build({
		absWorkingDir: root,
		entryPoints: ENTRIES,
		outbase: 'engine',
		outdir,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		// Whitespace and syntax only: identifiers are not renamed, so stack traces stay readable (a
		// name two bundled modules share gets a digit, e.g. PDFParser2). No keepNames: it wraps every
		// function and class, closures made per request included, in a __name() call that redefines
		// its name property, which cost the engine 6% of its CPU per envelope.
		minifyWhitespace: true,
		minifySyntax: true,
		legalComments: 'linked',
		// libsql loads its prebuilt binary at run time; pg-native is pg's optional native client, never used;
		// esbuild bundles the console at build (and when the engine runs from its sources), never in the package.
		external: ['libsql', 'pg-native', 'esbuild'],
		logLevel: 'warning',
		metafile: true,
		// For profiling: CPU profiles of the bundle mapped back to the engine's and its packages' sources.
		sourcemap: process.env.SIGNFLOW_BUNDLE_SOURCEMAP ? 'linked' : false,
	});
	for (const [name, source] of Object.entries(LAUNCHERS)) writeFileSync(path.join(outdir, name), source);
	chmodSync(path.join(outdir, 'cli.js'), 0o755);
	if (process.env.SIGNFLOW_BUNDLE_REPORT)
		for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) console.log(`${path.relative(root, file)} ${(bytes / 1024).toFixed(0)} KiB`);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
