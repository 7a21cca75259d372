// After `tsc`, copy what TypeScript does not emit into dist/: node and
// credential icons, the codex *.node.json files, and the engine's static assets.
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

exports['build:assets'] = async function buildAssets() {
	await Promise.all([streamDone(copyNodeAssets()), streamDone(copyEngineAssets())]);
};

function streamDone(stream) {
	return new Promise((resolve, reject) => {
		stream.on('end', resolve).on('finish', resolve).on('error', reject);
	});
}
