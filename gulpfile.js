// After `tsc`, copy what TypeScript does not emit into dist/: node and
// credential icons, the codex *.node.json files, the engine's static assets,
// and the files of other packages it serves or embeds (engine/vendor/vendored.json);
// then the signing page's files are written hashed and precompressed.
const { cpSync } = require('node:fs');
const path = require('node:path');
const { src, dest } = require('gulp');

function copyNodeAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		allowEmpty: true,
		encoding: false,
	}).pipe(dest('dist'));
}

function copyEngineAssets() {
	return src(['engine/**/assets/**/*'], { base: '.', allowEmpty: true, encoding: false }).pipe(
		dest('dist'),
	);
}

function copyVendored() {
	// tsc has just compiled the module that knows where each vendored file comes from.
	const { VENDORED_NAMES, vendoredSource } = require('./dist/engine/vendor');
	for (const name of VENDORED_NAMES) {
		cpSync(vendoredSource(name), path.join(__dirname, 'dist', 'engine', 'vendor', name), { recursive: true });
	}
}

async function signingAssets() {
	// The signing page's files under content-hashed names, with brotli and gzip copies and a manifest
	// (engine/http/signing/assetBuild.ts), from the sources just copied into dist/.
	const { writeSigningAssets } = require('./dist/engine/http/signing/assetBuild');
	const { files, bytes, compressedBytes } = await writeSigningAssets();
	console.log(`signing page: ${files} files, ${(bytes / 1024).toFixed(0)} KiB, ${(compressedBytes / 1024).toFixed(0)} KiB brotli`);
}

async function consoleAssets() {
	// The console's Preact app bundled by esbuild, hashed and precompressed (engine/http/console/assetBuild.ts).
	const { writeConsoleAssets } = require('./dist/engine/http/console/assetBuild');
	const { files, bytes, compressedBytes } = await writeConsoleAssets();
	console.log(`console: ${files} files, ${(bytes / 1024).toFixed(0)} KiB, ${(compressedBytes / 1024).toFixed(0)} KiB brotli`);
}

exports['build:assets'] = async function buildAssets() {
	copyVendored();
	await Promise.all([streamDone(copyNodeAssets()), streamDone(copyEngineAssets())]);
	await signingAssets();
	await consoleAssets();
};

function streamDone(stream) {
	return new Promise((resolve, reject) => {
		stream.on('end', resolve).on('finish', resolve).on('error', reject);
	});
}
