#!/usr/bin/env node
// Installs the real n8n the end-to-end tests run (2.8.4: the newest that runs on Node 20) into a
// cache folder outside the repository, once; later runs reuse it. Prints the path of its bin.
//   SIGNFLOW_N8N_CACHE  where to keep it (default ~/.cache/signflow-n8n)
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const VERSION = '2.8.4';
const root = path.join(process.env.SIGNFLOW_N8N_CACHE || path.join(os.homedir(), '.cache', 'signflow-n8n'), VERSION);
const bin = path.join(root, 'node_modules', '.bin', 'n8n');

function installed() {
	if (!existsSync(bin)) return false;
	try {
		return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 }).trim().endsWith(VERSION);
	} catch {
		return false;
	}
}

if (!installed()) {
	const lock = `${root}.lock`;
	mkdirSync(path.dirname(root), { recursive: true });
	try {
		mkdirSync(lock);
	} catch {
		console.error(`Another install of n8n ${VERSION} is running (remove ${lock} if it is stale).`);
		process.exit(1);
	}
	try {
		console.error(`Installing n8n ${VERSION} for the end-to-end tests into ${root} (once; about 5 minutes, 2.3 GB)...`);
		mkdirSync(root, { recursive: true });
		// n8n-nodes-base points xlsx at a tarball on a host this machine cannot reach; the registry's 0.18.5 works.
		writeFileSync(
			path.join(root, 'package.json'),
			JSON.stringify({ name: 'signflow-n8n-cache', private: true, dependencies: { n8n: VERSION }, overrides: { xlsx: '0.18.5' } }, null, 2),
		);
		execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
		if (!installed()) throw new Error(`n8n ${VERSION} did not install into ${root}`);
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}
console.log(bin);
