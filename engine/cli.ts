#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { verifyDocument } from './app/verification';
import { CreateOrganizationInput, SignflowError } from './domain';
import { API_PREFIX } from './http/server';
import { createBackup } from './runtime/backup/createBackup';
import { RestoreRefused, restoreBackup } from './runtime/backup/restoreBackup';
import { BLOBS_FOLDER, openCore, startEngine } from './runtime/bootstrap';
import { configFromEnv, dropUndefined, resolveConfig, secondsToMs, type EngineConfigInput } from './runtime/config';
import { consoleLinkUrl } from './runtime/consoleLink';
import { tuneWorkerHeaps, workerHeapsSetting, type WorkerHeaps } from './runtime/serverHeap';
import { DiskBlobStore } from './store/diskBlobStore';
import { openStore } from './store/kyselyStore';
import { copyDiskBlobs } from './store/migrateBlobs';
import { PostgresBlobStore } from './store/postgresBlobStore';
import { packageVersion } from './support/version';

const HELP = `signflow: the Signflow e-signature engine

Usage:
  signflow serve [--port 5680] [--host 127.0.0.1] [--data ./.signflow] [--public-url URL]
                 [--database-url postgres://...] [--database-pool-size 10] [--database-prepared-statements true]
                 [--max-file-mb 25] [--log-level info]
                 [--smtp-url smtp://user:pass@host:587] [--mail-from "Acme <sign@acme.com>"]
                 [--seal-p12 seal.p12 --seal-p12-password PASSWORD] [--finalize-workers CORES] [--finalize-lease 30]
                 [--delivery-lease 30]
                 [--allow-private-webhooks] [--webhook-allow n8n.lan,10.0.0.0/8]
                 [--request-timeout 60] [--idle-timeout 120] [--keep-alive-timeout 72]   (seconds)
                 [--rate-limit-api 6000] [--rate-limit-api-ip 300] [--rate-limit-signing-ip 600]
                 [--rate-limit-signing-token 120] [--rate-limit-window 60]   (requests per window; 0: none)
                 [--metrics-token TOKEN] [--outbox-max-age 600]   (GET /metrics with this bearer token; /readyz limit, seconds)
                 [--worker-heaps roomy|lean]   (lean: V8's defaults for the worker threads, some 60 MB less)
  signflow org create --name NAME [--admin-email EMAIL] [--json] [--data DIR] [--database-url URL]
  signflow key create --org ID [--name NAME] [--test] [--json] [--data DIR] [--database-url URL]
  signflow key list --org ID [--json] [--data DIR] [--database-url URL]
  signflow key revoke --org ID --id KEY_ID [--data DIR] [--database-url URL]
                 (another API key for an organization, its keys, or one revoked at once)
  signflow console-link --org ID_OR_NAME [--test] [--public-url URL] [--data DIR] [--database-url URL]
                 (a one-time sign-in link to the organization's console at /console, valid 15 minutes;
                 --test: a session that sees test workflows only)
  signflow migrate [--data DIR] [--database-url URL]
  signflow migrate-blobs --data DIR --database-url postgres://...
                 (copies the folder's PDFs and images into PostgreSQL, each checked; safe to run again)
  signflow backup --out FILE [--data DIR] [--database-url URL]
                 (one consistent archive while the engine runs; never holds the master key: keep that apart)
  signflow restore FILE --data DIR [--database-url URL] [--master-key-file FILE]
                 (into an empty folder and, on PostgreSQL, an empty database; the key from
                 --master-key-file or SIGNFLOW_MASTER_KEY must be the one the backup's data was sealed with)
  signflow verify FILE.pdf [--json] [--data DIR] [--database-url URL]
                 (exit code 0: an unmodified signed document of this engine; 1: not)
  signflow --version

Settings also come from SIGNFLOW_PORT, SIGNFLOW_HOST, SIGNFLOW_DATA, SIGNFLOW_PUBLIC_URL,
SIGNFLOW_DATABASE_URL, SIGNFLOW_DATABASE_POOL_SIZE, SIGNFLOW_DATABASE_PREPARED_STATEMENTS,
SIGNFLOW_MAX_FILE_MB, SIGNFLOW_LOG_LEVEL, SIGNFLOW_SMTP_URL, SIGNFLOW_MAIL_FROM, SIGNFLOW_MASTER_KEY, SIGNFLOW_SEAL_P12, SIGNFLOW_SEAL_P12_PASSWORD,
SIGNFLOW_FINALIZE_WORKERS,
SIGNFLOW_ALLOW_PRIVATE_WEBHOOKS=1, SIGNFLOW_WEBHOOK_ALLOW, SIGNFLOW_REQUEST_TIMEOUT_S,
SIGNFLOW_IDLE_TIMEOUT_S, SIGNFLOW_KEEP_ALIVE_TIMEOUT_S, SIGNFLOW_RATE_LIMIT_API,
SIGNFLOW_RATE_LIMIT_API_IP, SIGNFLOW_RATE_LIMIT_SIGNING_IP, SIGNFLOW_RATE_LIMIT_SIGNING_TOKEN,
SIGNFLOW_RATE_LIMIT_WINDOW_S, SIGNFLOW_METRICS_TOKEN, SIGNFLOW_OUTBOX_MAX_AGE_S, SIGNFLOW_WORKER_HEAPS; flags win.`;

const STORE_FLAGS = {
	data: { type: 'string' },
	'database-url': { type: 'string' },
} as const;

async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	switch (command) {
		case 'serve':
			return serve(rest);
		case 'org':
			return org(rest);
		case 'key':
			return key(rest);
		case 'console-link':
			return consoleLink(rest);
		case 'migrate':
			return migrate(rest);
		case 'migrate-blobs':
			return migrateBlobs(rest);
		case 'backup':
			return backup(rest);
		case 'restore':
			return restore(rest);
		case 'verify':
			return verify(rest);
		case '--version':
		case 'version':
			console.log(packageVersion());
			return 0;
		case undefined:
		case 'help':
		case '--help':
		case '-h':
			console.log(HELP);
			return command === undefined ? 1 : 0;
		default:
			console.error(`Unknown command "${command}".\n\n${HELP}`);
			return 2;
	}
}

function storeConfig(values: { data?: string; 'database-url'?: string }): EngineConfigInput {
	return { dataDir: values.data, databaseUrl: values['database-url'] };
}

async function serve(args: string[]): Promise<number> {
	const { values } = parseArgs({
		args,
		options: {
			...STORE_FLAGS,
			port: { type: 'string' },
			host: { type: 'string' },
			'public-url': { type: 'string' },
			'database-pool-size': { type: 'string' },
			'database-prepared-statements': { type: 'string' },
			'max-file-mb': { type: 'string' },
			'log-level': { type: 'string' },
			'smtp-url': { type: 'string' },
			'mail-from': { type: 'string' },
			'seal-p12': { type: 'string' },
			'seal-p12-password': { type: 'string' },
			'finalize-workers': { type: 'string' },
			'finalize-lease': { type: 'string' },
			'delivery-lease': { type: 'string' },
			'allow-private-webhooks': { type: 'boolean' },
			'webhook-allow': { type: 'string' },
			'request-timeout': { type: 'string' },
			'idle-timeout': { type: 'string' },
			'keep-alive-timeout': { type: 'string' },
			'rate-limit-window': { type: 'string' },
			'rate-limit-api': { type: 'string' },
			'rate-limit-api-ip': { type: 'string' },
			'rate-limit-signing-ip': { type: 'string' },
			'rate-limit-signing-token': { type: 'string' },
			'metrics-token': { type: 'string' },
			'outbox-max-age': { type: 'string' },
			'worker-heaps': { type: 'string' },
		},
	});
	let heaps: WorkerHeaps;
	try {
		heaps = workerHeapsSetting(values['worker-heaps'] ?? process.env.SIGNFLOW_WORKER_HEAPS);
	} catch (error) {
		console.error((error as Error).message);
		return 2;
	}
	// Before the engine starts any worker thread.
	tuneWorkerHeaps(heaps);
	const engine = await startEngine({
		...configFromEnv(),
		...dropUndefined({
			...storeConfig(values),
			port: values.port,
			host: values.host,
			publicUrl: values['public-url'],
			databasePoolSize: values['database-pool-size'],
			databasePreparedStatements: values['database-prepared-statements'],
			maxFileBytes: values['max-file-mb'] ? Math.round(Number(values['max-file-mb']) * 1024 * 1024) : undefined,
			logLevel: values['log-level'] as EngineConfigInput['logLevel'],
			smtpUrl: values['smtp-url'],
			mailFrom: values['mail-from'],
			sealP12File: values['seal-p12'],
			sealP12Password: values['seal-p12-password'],
			finalizeWorkers: values['finalize-workers'],
			finalizeLeaseMs: secondsToMs(values['finalize-lease']),
			deliveryLeaseMs: secondsToMs(values['delivery-lease']),
			allowPrivateWebhooks: values['allow-private-webhooks'],
			webhookAllowList: values['webhook-allow']?.split(',').map((entry) => entry.trim()).filter(Boolean),
			requestTimeoutMs: secondsToMs(values['request-timeout']),
			idleTimeoutMs: secondsToMs(values['idle-timeout']),
			keepAliveTimeoutMs: secondsToMs(values['keep-alive-timeout']),
			rateLimitWindowMs: secondsToMs(values['rate-limit-window']),
			rateLimitApiPerKey: values['rate-limit-api'],
			rateLimitApiPerIp: values['rate-limit-api-ip'],
			rateLimitSigningPerIp: values['rate-limit-signing-ip'],
			rateLimitSigningPerToken: values['rate-limit-signing-token'],
			metricsToken: values['metrics-token'],
			outboxMaxAgeMs: secondsToMs(values['outbox-max-age']),
		}),
	});
	const storage = engine.store.dialect === 'sqlite' ? `SQLite in ${engine.config.dataDir}` : 'PostgreSQL';
	console.log(
		[
			`Signflow engine ${packageVersion()} listening on ${engine.url}`,
			`  public URL: ${engine.publicUrl}   storage: ${storage}   email: ${engine.mail ? 'on (SMTP)' : 'off (no --smtp-url: signing links are only returned by the API)'}`,
			`  REST API:   ${engine.publicUrl}${API_PREFIX}   OpenAPI: ${engine.publicUrl}${API_PREFIX}/openapi.json`,
			`Get an API key (prints it once; keep it):`,
			`  npm run signflow -- org create --name "My company"${engine.config.dataDir === resolveConfig({}).dataDir ? '' : ` --data ${engine.config.dataDir}`}`,
			`  (or, where the package is installed: npx signflow org create --name "My company")`,
		].join('\n'),
	);

	await new Promise<void>((resolve) => {
		let stopping = false;
		const stop = (signal: string) => {
			if (stopping) {
				console.error(`Second ${signal}: exiting now.`);
				process.exit(1);
			}
			stopping = true;
			console.log(`${signal} received: finishing requests in flight, then stopping.`);
			engine.close().then(resolve, (error: unknown) => {
				console.error('Shutdown failed:', error);
				resolve();
			});
		};
		process.on('SIGTERM', () => stop('SIGTERM'));
		process.on('SIGINT', () => stop('SIGINT'));
	});
	console.log('Signflow engine stopped.');
	return 0;
}

async function org(args: string[]): Promise<number> {
	const [sub, ...rest] = args;
	if (sub !== 'create') {
		console.error(`Unknown org command "${sub ?? ''}"; use: signflow org create --name NAME`);
		return 2;
	}
	const { values } = parseArgs({
		args: rest,
		options: { ...STORE_FLAGS, name: { type: 'string' }, 'admin-email': { type: 'string' }, json: { type: 'boolean' } },
	});
	const input = CreateOrganizationInput.safeParse(dropUndefined({ name: values.name, adminEmail: values['admin-email'] }));
	if (!input.success) {
		console.error(`Cannot create the organization: ${input.error.issues.map((i) => `--${i.path.join('.') === 'adminEmail' ? 'admin-email' : i.path.join('.')}: ${i.message}`).join('; ')}`);
		return 2;
	}
	const config = resolveConfig(configFromEnv(), storeConfig(values));
	const { store, service } = await openCore(config);
	try {
		const { organization, apiKey } = await service.createOrganization(input.data);
		if (values.json) console.log(JSON.stringify({ organizationId: organization.id, name: organization.name, apiKey }));
		else
			console.log(
				`Organization "${organization.name}" created (id ${organization.id}).\nAPI key (shown only now): ${apiKey}`,
			);
		return 0;
	} finally {
		await store.close();
	}
}

/** An organization's API keys: another one (shown once), the list, or one revoked. */
async function key(args: string[]): Promise<number> {
	const [sub, ...rest] = args;
	if (sub !== 'create' && sub !== 'list' && sub !== 'revoke') {
		console.error(`Unknown key command "${sub ?? ''}"; use: signflow key create|list|revoke --org ID`);
		return 2;
	}
	const { values } = parseArgs({
		args: rest,
		options: { ...STORE_FLAGS, org: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean' }, test: { type: 'boolean' } },
	});
	if (!values.org) {
		console.error('Name the organization: --org ID (signflow org create printed it).');
		return 2;
	}
	if (sub === 'revoke' && !values.id) {
		console.error('Name the key to revoke: --id KEY_ID (signflow key list shows them).');
		return 2;
	}
	const name = (values.name ?? 'API key').trim();
	if (sub === 'create' && (name.length === 0 || name.length > 100)) {
		console.error('Give the key a name of 1 to 100 characters: --name NAME.');
		return 2;
	}
	const config = resolveConfig(configFromEnv(), storeConfig(values));
	const { store, service } = await openCore(config);
	try {
		if (sub === 'create') {
			const { apiKey, apiKeyInfo } = await service.createApiKey(values.org, name, values.test ? 'test' : 'live');
			if (values.json) console.log(JSON.stringify({ ...apiKeyInfo, apiKey }));
			else console.log(`API key "${apiKeyInfo.name}" created (id ${apiKeyInfo.id}).\nAPI key (shown only now): ${apiKey}`);
		} else if (sub === 'list') {
			const keys = await service.listApiKeys(values.org);
			if (values.json) console.log(JSON.stringify(keys));
			else
				for (const entry of keys)
					console.log(`${entry.id}  ${entry.prefix}...  ${entry.mode}  ${entry.createdAt}  ${entry.revokedAt ? `revoked ${entry.revokedAt}` : 'active'}  ${entry.name}`);
		} else {
			await service.revokeApiKey({ organizationId: values.org }, values.id!);
			console.log(`API key ${values.id} revoked: it is refused from now on.`);
		}
		return 0;
	} catch (error) {
		if (!(error instanceof SignflowError)) throw error;
		if (error.code === 'organization_not_found') console.error(`No organization ${values.org}.`);
		else if (error.code === 'api_key_not_found') console.error(`No active key ${values.id} in organization ${values.org}.`);
		else console.error(error.message);
		return 1;
	} finally {
		await store.close();
	}
}

/** A one-time link that signs in to an organization's console (15 minutes, single use). */
async function consoleLink(args: string[]): Promise<number> {
	const { values } = parseArgs({ args, options: { ...STORE_FLAGS, org: { type: 'string' }, test: { type: 'boolean' }, 'public-url': { type: 'string' } } });
	if (!values.org?.trim()) {
		console.error('Name the organization: --org ID or --org NAME (signflow org create printed its id).');
		return 2;
	}
	const config = resolveConfig(configFromEnv(), { ...storeConfig(values), ...dropUndefined({ publicUrl: values['public-url'] }) });
	const { store, service } = await openCore(config);
	try {
		const link = await service.console.createLoginLink(values.org.trim(), values.test ? 'test' : 'live');
		console.log(
			`${consoleLinkUrl(config, link.token)}\n(one-time sign-in to the console of "${link.organizationName}"${values.test ? ', test mode' : ''}; valid until ${link.expiresAt})`,
		);
		return 0;
	} catch (error) {
		if (!(error instanceof SignflowError)) throw error;
		console.error(error.code === 'organization_not_found' ? `No organization with the id or name "${values.org}".` : error.message);
		return 1;
	} finally {
		await store.close();
	}
}

async function migrate(args: string[]): Promise<number> {
	const { values } = parseArgs({ args, options: STORE_FLAGS });
	const config = resolveConfig(configFromEnv(), storeConfig(values));
	const { store } = await openCore(config);
	await store.close();
	console.log(`Database is up to date (${store.dialect === 'sqlite' ? config.dataDir : 'PostgreSQL'}).`);
	return 0;
}

async function migrateBlobs(args: string[]): Promise<number> {
	const { values } = parseArgs({ args, options: STORE_FLAGS });
	const config = resolveConfig(configFromEnv(), storeConfig(values));
	if (!config.databaseUrl) {
		console.error('migrate-blobs copies blobs into PostgreSQL: give --database-url postgres://... (and --data, the folder they are in).');
		return 2;
	}
	const folder = path.join(config.dataDir, BLOBS_FOLDER);
	const store = openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, poolSize: 2 });
	try {
		await store.migrate();
		const result = await copyDiskBlobs(new DiskBlobStore(folder), new PostgresBlobStore(store.postgresPool!));
		for (const { file, actualSha256 } of result.damaged)
			console.error(`Damaged, not copied: ${file} (its bytes hash to ${actualSha256}; restore it from a backup and run again).`);
		console.log(
			`Copied ${result.copied} blob(s) (${(result.bytesCopied / 1024 / 1024).toFixed(1)} MB) from ${folder} into PostgreSQL; ` +
				`${result.alreadyThere} already there${result.damaged.length ? `; ${result.damaged.length} damaged, not copied` : ''}.`,
		);
		return result.damaged.length ? 1 : 0;
	} finally {
		await store.close();
	}
}

async function backup(args: string[]): Promise<number> {
	const { values } = parseArgs({ args, options: { ...STORE_FLAGS, out: { type: 'string' } } });
	if (!values.out) {
		console.error('Name the archive to write: signflow backup --out FILE');
		return 2;
	}
	const config = resolveConfig(configFromEnv(), storeConfig(values));
	const result = await createBackup(config, values.out);
	const { manifest } = result;
	console.log(
		[
			`Backup written to ${path.resolve(values.out)} (${megabytes(result.archiveBytes)}, ${(result.elapsedMs / 1000).toFixed(1)} s).`,
			`  ${manifest.store === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL (pg_dump: it must be of the server\'s major version, or newer)'}; engine ${manifest.engineVersion}`,
			`  workflows: ${Object.entries(manifest.workflowsByStatus).map(([status, n]) => `${n} ${status}`).join(', ') || 'none'}; signed documents: ${manifest.signedDocuments.length}; blobs: ${manifest.blobs.count} (${megabytes(manifest.blobs.bytes)})`,
			`The master key is NOT in the archive, and restoring needs it. It is: ${result.masterKeyAt}.`,
			'Keep a copy of it apart from the archive (not in the same place, not in the same backup job): together they open every sealed secret.',
		].join('\n'),
	);
	return 0;
}

async function restore(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...STORE_FLAGS, 'master-key-file': { type: 'string' } } });
	const [archive] = positionals;
	if (!archive || !values.data) {
		console.error('Usage: signflow restore FILE --data DIR [--database-url URL] [--master-key-file FILE]');
		return 2;
	}
	const keyFile = values['master-key-file'];
	const masterKey = keyFile ? (await readFile(keyFile, 'utf8')).trim() : process.env.SIGNFLOW_MASTER_KEY;
	if (!masterKey) {
		console.error('Give the master key the backup was made with: --master-key-file FILE (its master.key) or SIGNFLOW_MASTER_KEY.');
		return 2;
	}
	try {
		const result = await restoreBackup({
			archive,
			dataDir: values.data,
			databaseUrl: values['database-url'] ?? process.env.SIGNFLOW_DATABASE_URL,
			masterKey,
			writeMasterKeyFile: Boolean(keyFile),
		});
		const { manifest } = result;
		console.log(
			[
				`Restored ${archive} (made ${manifest.createdAt} by engine ${manifest.engineVersion}) into ${path.resolve(values.data)}${manifest.store === 'postgres' ? ' and the PostgreSQL database' : ''} in ${(result.elapsedMs / 1000).toFixed(1)} s.`,
				`  workflows: ${Object.entries(manifest.workflowsByStatus).map(([status, n]) => `${n} ${status}`).join(', ') || 'none'}`,
				`  signed documents verified: ${result.documentsVerified}; blobs verified against their SHA-256: ${result.blobsVerified} (${megabytes(result.blobBytes)})`,
				keyFile ? `  master key copied to ${path.join(path.resolve(values.data), 'master.key')} (0600)` : '  master key: keep giving the engine the same SIGNFLOW_MASTER_KEY',
			].join('\n'),
		);
		return 0;
	} catch (error) {
		if (error instanceof RestoreRefused) {
			console.error(error.message);
			return 1;
		}
		throw error;
	}
}

function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function verify(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...STORE_FLAGS, json: { type: 'boolean' } } });
	const [file] = positionals;
	if (!file) {
		console.error('Name the PDF to check: signflow verify FILE.pdf');
		return 2;
	}
	const bytes = await readFile(file);
	const config = resolveConfig(configFromEnv(), storeConfig(values));
	const { store } = await openCore(config);
	try {
		const result = await verifyDocument(store, bytes, null);
		if (values.json) console.log(JSON.stringify(result, null, 2));
		else {
			console.log(result.verdict);
			console.log(`  SHA-256:  ${result.sha256}`);
			console.log(`  seal:     ${result.seal.sealed ? (result.seal.signatureValid ? 'valid' : 'INVALID') : 'none'}${result.seal.signer ? ` (${result.seal.signer}, ${result.seal.signedAt ?? ''})` : ''}`);
			console.log(`  covers:   ${result.seal.coversWholeDocument ? 'the whole file' : 'NOT the whole file'}`);
			if (result.workflow) console.log(`  workflow: ${result.workflow.name} (${result.workflow.id}), file ${result.file?.name}`);
		}
		return result.unmodified ? 0 : 1;
	} finally {
		await store.close();
	}
}

/** Runs one `signflow` command; its exit code becomes the process's. */
export function runCli(argv: string[]): Promise<void> {
	return main(argv).then(
		(code) => {
			process.exitCode = code;
		},
		(error: unknown) => {
			console.error(error instanceof Error ? error.message : error);
			process.exitCode = 1;
		},
	);
}

// Published, dist/engine/cli.js is a small launcher that calls runCli (scripts/bundle-engine.js).
if (require.main === module) void runCli(process.argv.slice(2));
