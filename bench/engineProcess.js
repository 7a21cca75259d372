// `signflow serve` as users run it, for the benchmarks: a child process that has said where it
// listens, an organization's API key made with the CLI, a PostgreSQL database of its own, and the
// CPU time a process has used (from /proc, so every thread counts).
'use strict';
const { execFile, execFileSync, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { readFileSync } = require('node:fs');
const path = require('node:path');

/** BENCH_ENGINE_CLI: another build's cli.js, to compare two builds of the engine on one machine. */
const CLI = process.env.BENCH_ENGINE_CLI ?? path.join(__dirname, '../dist/engine/cli.js');
const POSTGRES_ADMIN_URL = process.env.SIGNFLOW_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** Warnings only, loopback webhooks allowed, no rate limits (a benchmark sends thousands of requests a minute with one key). */
const BENCH_ENV = {
	SIGNFLOW_LOG_LEVEL: 'warn',
	SIGNFLOW_ALLOW_PRIVATE_WEBHOOKS: '1',
	SIGNFLOW_RATE_LIMIT_API: '0',
	SIGNFLOW_RATE_LIMIT_SIGNING_IP: '0',
	SIGNFLOW_RATE_LIMIT_SIGNING_TOKEN: '0',
};

async function adminQuery(text) {
	const pg = require('pg');
	const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
	await admin.connect();
	try {
		await admin.query(text);
	} finally {
		await admin.end();
	}
}

/** A new PostgreSQL database: its URL (reached at 127.0.0.1:`port` instead when given, e.g. a proxy) and `drop()`. */
async function createDatabase(prefix, port) {
	const name = `${prefix}_${randomBytes(5).toString('hex')}`;
	await adminQuery(`create database ${name}`);
	const url = new URL(POSTGRES_ADMIN_URL);
	url.pathname = `/${name}`;
	if (port) {
		url.hostname = '127.0.0.1';
		url.port = String(port);
	}
	return { name, url: url.toString(), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

/** `signflow org create` on the data `args` name, run asynchronously (a proxy the engine goes through may live in this process); the API key. */
function createOrganization(args, name, env = {}, cli = CLI) {
	return new Promise((resolve, reject) =>
		execFile(process.execPath, [cli, 'org', 'create', '--name', name, '--json', ...args], { env: { ...process.env, ...env } }, (error, stdout) =>
			error ? reject(error) : resolve(JSON.parse(stdout).apiKey),
		),
	);
}

/**
 * `signflow serve --port 0 ...args` (of the build whose cli.js `cli` is); resolves once it listens,
 * with `stop()` (SIGTERM, then waits for the exit). Its stderr goes to ours; its stdout (the request
 * log) is read and dropped.
 */
function serve(args, { env = {}, nodeArgs = [], cli = CLI } = {}) {
	const child = spawn(process.execPath, [...nodeArgs, cli, 'serve', '--port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
	const exited = new Promise((resolve) => child.once('exit', resolve));
	return new Promise((resolve, reject) => {
		let output = '';
		const onData = (chunk) => {
			output += chunk;
			const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(output);
			if (!match) return;
			child.stdout.off('data', onData);
			child.stdout.resume();
			const stop = async () => {
				if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
				await exited;
			};
			resolve({ child, url: match[1], exited, stop });
		};
		child.stdout.on('data', onData);
		void exited.then((code) => reject(new Error(`the engine exited (${code}) before it listened: ${output}`)));
	});
}

/** CPU time (user + system, every thread) a process has used so far, in ms; NaN once it is gone. */
function cpuMsOf(pid) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
	} catch {
		return NaN;
	}
}

module.exports = { BENCH_ENV, CLI, POSTGRES_ADMIN_URL, createDatabase, createOrganization, cpuMsOf, serve };
