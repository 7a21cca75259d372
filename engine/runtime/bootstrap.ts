import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createTransport } from 'nodemailer';
import { API_KEY_USAGE_FLUSH_MS } from '../app/apiKeyUsage';
import { SignflowService } from '../app/service';
import { systemClock, type Clock } from '../domain';
import { BuildWorkers } from '../finalize/buildWorkers';
import { Finalizer } from '../finalize/finalizer';
import { SealIdentities } from '../finalize/sealIdentities';
import { buildHttpServer } from '../http/server';
import { MailDispatcher } from '../mail/dispatcher';
import { previewInvitationEmail } from '../mail/templates';
import { EventRecorder } from '../outbox/recorder';
import { LEGACY_SEALS_FOLDER } from '../pdf/legacySealFile';
import { holdUntrustedParsers } from '../pdf/parserPool';
import { PreparedPngCache } from '../pdf/preparedPngCache';
import { MASTER_KEY_FILE, MasterKey } from '../security/masterKey';
import type { NetworkPolicy } from '../security/networkPolicy';
import { SecretBox } from '../security/secretBox';
import { SigningLinks } from '../security/signingLinks';
import type { BlobStore } from '../store/blobStore';
import { makeDataFolderPrivate } from '../store/dataFolder';
import { openStore } from '../store/kyselyStore';
import { openBlobStore } from '../store/openBlobStore';
import type { Store } from '../store/port';
import { SQLITE_FILES } from '../store/sqlite';
import { PollingLoop } from '../support/pollingLoop';
import { Signals } from '../support/signals';
import { packageVersion } from '../support/version';
import { WebhookDispatcher } from '../webhooks/dispatcher';
import { WebhookSender } from '../webhooks/sender';
import { BulkSendWorker } from '../workers/bulkSends';
import { ExpiryScheduler } from '../workers/expiry';
import { ReminderScheduler } from '../workers/reminders';
import { RetentionScheduler } from '../workers/retention';
import { mailConfigured, resolveConfig, type EngineConfig, type EngineConfigInput } from './config';
import { checkMasterKey } from './masterKeyCheck';
import { EngineMetrics } from './metrics/engineMetrics';
import type { OutboxName } from './outboxes';
import { readinessProblems, type ReadinessSources } from './readiness';

/** The data folder's blobs on SQLite; on PostgreSQL, where blobs of a disk-based version are still read from (openBlobStore.ts). */
export const BLOBS_FOLDER = 'blobs';

export interface RunningEngine {
	/** Where the HTTP server listens, e.g. http://127.0.0.1:5680. */
	url: string;
	publicUrl: string;
	config: EngineConfig;
	service: SignflowService;
	store: Store;
	/** Where PDFs and images are kept: the data folder on SQLite, the database on PostgreSQL. */
	blobs: BlobStore;
	http: FastifyInstance;
	scheduler: ExpiryScheduler;
	retention: RetentionScheduler;
	reminders: ReminderScheduler;
	/** Present when SMTP is configured. */
	mail: MailDispatcher | null;
	finalizer: Finalizer;
	/** Drawn signatures decoded at upload, waiting for their finalization. */
	preparedPngs: PreparedPngCache;
	webhooks: WebhookDispatcher;
	/** Records events and what they cause; hands new deliveries to `webhooks` and finalization jobs to `finalizer` while they run. */
	recorder: EventRecorder;
	/** How this process's workers are told that work was committed for them. */
	signals: Signals;
	/** Present when a metrics token is configured (GET /metrics). */
	metrics: EngineMetrics | null;
	/** Makes the rows of bulk sends. */
	bulkSends: BulkSendWorker;
	close(): Promise<void>;
}

export interface StartOptions extends EngineConfigInput {
	clock?: Clock;
}

/**
 * The store (migrated) and the service over it, without HTTP: what CLI
 * commands need. `publicUrl` is asked lazily: it may be known only once the
 * server listens. `warn` hears what the store notices while running (none when not given).
 */
export async function openCore(
	config: EngineConfig,
	clock: Clock = systemClock,
	publicUrl: () => string = () => config.publicUrl ?? '',
	warn?: (message: string) => void,
): Promise<{
	store: Store;
	service: SignflowService;
	blobs: BlobStore;
	links: SigningLinks;
	masterKey: MasterKey;
	signals: Signals;
	recorder: EventRecorder;
	secrets: SecretBox;
	preparedPngs: PreparedPngCache;
}> {
	makeDataFolderPrivate(config.dataDir, {
		files: [...SQLITE_FILES, MASTER_KEY_FILE],
		folders: [BLOBS_FOLDER],
		// Where earlier versions kept each organization's seal (now in the database): left in place.
		oldFolders: [LEGACY_SEALS_FOLDER],
	});
	const store = openStore({
		dataDir: config.dataDir,
		databaseUrl: config.databaseUrl,
		poolSize: config.databasePoolSize,
		preparedStatements: config.databasePreparedStatements,
		warn,
	});
	try {
		await store.migrate();
	} catch (error) {
		await store.close();
		throw error;
	}
	let masterKey: MasterKey;
	try {
		masterKey = MasterKey.load(config.dataDir, config.masterKey);
		await checkMasterKey(store, masterKey, clock.now());
		// Seals an earlier version kept in this data folder move into the database before any process seals.
		await new SealIdentities({ store, masterKey, clock, dataDir: config.dataDir }).moveLegacySealsIn();
	} catch (error) {
		await store.close();
		throw error;
	}
	const blobs = openBlobStore(store, path.join(config.dataDir, BLOBS_FOLDER));
	const links = new SigningLinks(masterKey.derive('signing-links'), publicUrl);
	const signals = new Signals();
	const recorder = new EventRecorder({ links, signals, mailEnabled: mailConfigured(config) });
	const secrets = new SecretBox(masterKey.derive('webhook-secrets'));
	const preparedPngs = new PreparedPngCache();
	const service = new SignflowService({
		store,
		blobs,
		clock,
		links,
		signals,
		recorder,
		secrets,
		preparedPngs,
		network: networkPolicy(config),
		maxFileBytes: config.maxFileBytes,
	});
	return { store, service, blobs, links, masterKey, signals, recorder, secrets, preparedPngs };
}

function networkPolicy(config: EngineConfig): NetworkPolicy {
	return { allowPrivate: config.allowPrivateWebhooks, allowList: config.webhookAllowList };
}

/** Opens the store (running migrations), starts the HTTP API and the background workers. */
export async function startEngine(options: StartOptions = {}): Promise<RunningEngine> {
	const { clock = systemClock, ...input } = options;
	const config = resolveConfig(input);
	// The public URL may depend on the port the OS picked, so it is set once listening.
	let publicUrl = config.publicUrl ?? '';
	// What the store notices while running goes to the server's log, which exists once the server is built.
	const storeLog: { warn?: (message: string) => void } = {};
	const { store, service, blobs, links, masterKey, signals, recorder, secrets, preparedPngs } = await openCore(config, clock, () => publicUrl, (message) =>
		storeLog.warn?.(message),
	);
	let seals: SealIdentities;
	try {
		// Read the operator's seal certificate now: a wrong file or password stops the start, saying why.
		seals = new SealIdentities({
			store,
			masterKey,
			clock,
			dataDir: config.dataDir,
			operatorP12: config.sealP12File ? { file: config.sealP12File, password: config.sealP12Password ?? '' } : undefined,
		});
	} catch (error) {
		await store.close();
		throw error;
	}

	const metrics = config.metricsToken ? new EngineMetrics(config.metricsToken, store, clock) : null;
	recorder.observeWith(metrics);
	let closing: Promise<void> | null = null;
	// Filled in as the loops start, below: the server answers /readyz before they exist.
	const workers: ReadinessSources['workers'] = [];
	const servedOutboxes: OutboxName[] = mailConfigured(config) ? ['webhook_deliveries', 'emails', 'finalizations'] : ['webhook_deliveries', 'finalizations'];
	const http = await buildHttpServer({
		service,
		store,
		get publicUrl() {
			return publicUrl;
		},
		maxFileBytes: config.maxFileBytes,
		version: packageVersion(),
		logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
		trustProxy: config.trustProxy,
		timeouts: { requestMs: config.requestTimeoutMs, idleMs: config.idleTimeoutMs, keepAliveMs: config.keepAliveTimeoutMs },
		rateLimits: {
			windowMs: config.rateLimitWindowMs,
			apiPerKey: config.rateLimitApiPerKey,
			apiPerIp: config.rateLimitApiPerIp,
			signingPerIp: config.rateLimitSigningPerIp,
			signingPerToken: config.rateLimitSigningPerToken,
		},
		mailEnabled: mailConfigured(config),
		previewEmail: previewInvitationEmail,
		metrics,
		readiness: () =>
			readinessProblems({
				store,
				clock,
				workers,
				outboxes: servedOutboxes,
				maxOutboxAgeMs: config.outboxMaxAgeMs,
				closing: () => closing !== null,
			}),
	});
	storeLog.warn = (message) => http.log.warn(message);
	let url: string;
	try {
		await http.listen({ port: config.port, host: config.host });
		const address = http.server.address();
		const port = typeof address === 'object' && address ? address.port : config.port;
		url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
		publicUrl ||= url;
	} catch (error) {
		await http.close();
		await store.close();
		throw error;
	}

	const scheduler = new ExpiryScheduler(service, config.expiryCheckIntervalMs, http.log);
	scheduler.start();
	const retention = new RetentionScheduler(service, config.retentionCheckIntervalMs, http.log);
	retention.start();
	const reminders = new ReminderScheduler(service, config.reminderCheckIntervalMs, http.log);
	reminders.start();
	const keyUsage = new PollingLoop(() => service.flushApiKeyUsage(), API_KEY_USAGE_FLUSH_MS, (error) =>
		http.log.warn({ err: error }, 'could not write when API keys were last used; trying again in a minute'),
	);
	keyUsage.start(API_KEY_USAGE_FLUSH_MS);
	const mail = mailConfigured(config)
		? new MailDispatcher({
				store,
				blobs,
				clock,
				links,
				secrets,
				transport: createTransport(config.smtp ?? config.smtpUrl),
				from: config.mailFrom,
				retryDelaysMs: config.mailRetryDelaysMs,
				pollIntervalMs: config.mailPollIntervalMs,
				leaseMs: config.deliveryLeaseMs,
				log: http.log,
			})
		: null;
	await mail?.start();
	const builder = new BuildWorkers(config.finalizeWorkers);
	const releaseParsers = holdUntrustedParsers();
	const finalizer = new Finalizer({
		store,
		builder,
		preparedPngs,
		concurrency: builder.size,
		blobs,
		clock,
		seals,
		recorder,
		signals,
		pollIntervalMs: config.finalizePollIntervalMs,
		leaseMs: config.finalizeLeaseMs,
		retryDelaysMs: config.finalizeRetryDelaysMs,
		mailEnabled: mailConfigured(config),
		log: http.log,
		observer: metrics ?? undefined,
	});
	await finalizer.start();
	// A workflow completed here is finalized here as its transaction commits, while a slot is free.
	recorder.handFinalizationsTo(finalizer.handoff);
	const webhooks = new WebhookDispatcher({
		store,
		clock,
		sender: new WebhookSender(networkPolicy(config), config.webhookMaxInFlightPerEndpoint),
		secrets,
		recorder,
		signals,
		mailEnabled: mailConfigured(config),
		maxInFlight: config.webhookMaxInFlight,
		maxInFlightPerWebhook: config.webhookMaxInFlightPerEndpoint,
		pollIntervalMs: config.webhookPollIntervalMs,
		leaseMs: config.deliveryLeaseMs,
		disablePolicy: { afterDeadDeliveries: config.webhookDisableAfterDead, afterFailingMs: config.webhookDisableAfterFailingMs },
		log: http.log,
		observer: metrics ?? undefined,
	});
	service.webhooks.kick = () => signals.emit('requeued');
	await webhooks.start();
	const bulkSends = new BulkSendWorker({
		service,
		signals,
		concurrency: config.bulkSendConcurrency,
		leaseMs: config.deliveryLeaseMs,
		pollIntervalMs: 1000,
		log: http.log,
	});
	await bulkSends.start();
	// New deliveries go straight to this process's dispatcher when it has room (written claimed by it).
	recorder.handOffTo(webhooks.handoff);
	workers.push(
		{ name: 'finalization worker', health: () => finalizer.health },
		{ name: 'webhook dispatcher', health: () => webhooks.health },
		...(mail ? [{ name: 'mail dispatcher', health: () => mail.health }] : []),
		{ name: 'expiry scheduler', health: () => scheduler.health },
		{ name: 'retention scheduler', health: () => retention.health },
		{ name: 'reminder scheduler', health: () => reminders.health },
		{ name: 'bulk send worker', health: () => bulkSends.health },
	);

	return {
		url,
		publicUrl,
		config,
		service,
		store,
		blobs,
		http,
		scheduler,
		retention,
		reminders,
		mail,
		finalizer,
		preparedPngs,
		webhooks,
		recorder,
		signals,
		metrics,
		bulkSends,
		close() {
			closing ??= (async () => {
				// First: a row in progress commits (with its events) while the recorder still hands them off.
				await bulkSends.stop();
				await scheduler.stop();
				await retention.stop();
				await reminders.stop();
				await keyUsage.stop();
				await service.flushApiKeyUsage().catch((error: unknown) => http.log.warn({ err: error }, 'could not write when API keys were last used'));
				recorder.handOffTo(null);
				recorder.handFinalizationsTo(null);
				await webhooks.stop();
				await finalizer.stop();
				await builder.close();
				await mail?.stop();
				await http.close();
				// After the last request: an upload in flight is still being read.
				await releaseParsers();
				await store.close();
			})();
			return closing;
		},
	};
}
