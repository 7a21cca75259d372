import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_FINALIZE_LEASE_MS, DEFAULT_FINALIZE_RETRY_DELAYS_MS } from '../finalize/finalizer';
import { DEFAULT_MAIL_RETRY_DELAYS_MS } from '../mail/dispatcher';
import { DEFAULT_POSTGRES_POOL_SIZE } from '../store/postgres';
import { DEFAULT_DELIVERY_LEASE_MS } from '../webhooks/dispatcher';

const MB = 1024 * 1024;

export const EngineConfig = z.object({
	port: z.coerce.number().int().min(0).max(65535).default(5680),
	host: z.string().min(1).default('127.0.0.1'),
	dataDir: z.string().min(1).default('./.signflow'),
	/** The address signers and n8n use to reach the engine; defaults to the listening address. */
	publicUrl: z.url().optional(),
	databaseUrl: z.string().optional(),
	/** PostgreSQL: connections this process keeps open at most (each engine process has its own pool). */
	databasePoolSize: z.coerce.number().int().positive().default(DEFAULT_POSTGRES_POOL_SIZE),
	/** PostgreSQL: false to never prepare statements, behind a pooler in transaction mode (PgBouncer); "true"/"false" from text. */
	databasePreparedStatements: z.union([z.boolean(), z.stringbool()], { error: 'Must be true or false' }).default(true),
	maxFileBytes: z.coerce.number().int().positive().default(25 * MB),
	expiryCheckIntervalMs: z.coerce.number().int().positive().default(1000),
	/** How often the retention sweep looks for finished workflows to purge. */
	retentionCheckIntervalMs: z.coerce.number().int().positive().default(60_000),
	/** How often due automatic reminders are looked for (one indexed query). */
	reminderCheckIntervalMs: z.coerce.number().int().positive().default(1000),
	logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	trustProxy: z.boolean().default(false),
	/** 32 bytes, hex or base64; otherwise a key file in the data folder is used (created at first start). */
	masterKey: z.string().optional(),
	/** smtp://user:pass@host:port or smtps://...; without it nothing is emailed. */
	smtpUrl: z.string().regex(/^smtps?:\/\//, 'Must start with smtp:// or smtps://').optional(),
	/** The same as smtpUrl, as separate settings (the embedded engine builds it from its credential or n8n's N8N_SMTP_*). */
	smtp: z
		.object({
			host: z.string().min(1),
			port: z.number().int().min(1).max(65535),
			/** TLS from the start (port 465); otherwise STARTTLS when the server offers it, unless ignoreTLS. */
			secure: z.boolean(),
			ignoreTLS: z.boolean().default(false),
			auth: z.object({ user: z.string(), pass: z.string() }).optional(),
		})
		.optional(),
	mailFrom: z.string().default('Signflow <signflow@localhost>'),
	mailPollIntervalMs: z.coerce.number().int().positive().default(1000),
	/** Waits between attempts to send an email; after the last one it is marked failed. */
	mailRetryDelaysMs: z.array(z.number().int().nonnegative()).default(DEFAULT_MAIL_RETRY_DELAYS_MS),
	/** A PKCS#12 file to seal every organization's documents with; otherwise each gets a self-signed one. */
	sealP12File: z.string().optional(),
	sealP12Password: z.string().optional(),
	finalizePollIntervalMs: z.coerce.number().int().positive().default(1000),
	/** Worker threads that build signed documents, each one job at a time; one per core by default. */
	finalizeWorkers: z.coerce.number().int().positive().default(() => os.availableParallelism()),
	/** A finalization job's claim lasts this long unless its holder renews it (every third of it): how soon a crashed engine's job is taken over. */
	finalizeLeaseMs: z.coerce.number().int().min(300).default(DEFAULT_FINALIZE_LEASE_MS),
	/** A webhook delivery's or an email's claim lasts this long unless its dispatcher renews it (every third of it): how soon a crashed engine's are sent by another. */
	deliveryLeaseMs: z.coerce.number().int().min(300).default(DEFAULT_DELIVERY_LEASE_MS),
	/** Rows of bulk sends one process makes at once (each in its own transaction; on SQLite they share commits). */
	bulkSendConcurrency: z.coerce.number().int().min(1).max(64).default(4),
	/** Let webhooks go to loopback and private addresses (n8n on the same host or LAN). */
	allowPrivateWebhooks: z.boolean().default(false),
	/** Host names or CIDR ranges webhooks may reach even though private. */
	webhookAllowList: z.array(z.string().min(1)).default([]),
	webhookMaxInFlight: z.coerce.number().int().positive().default(64),
	webhookMaxInFlightPerEndpoint: z.coerce.number().int().positive().default(8),
	webhookPollIntervalMs: z.coerce.number().int().positive().default(1000),
	/** Disable a configuration after this many dead deliveries in a row... */
	webhookDisableAfterDead: z.coerce.number().int().positive().default(5),
	/** ...or after failing this long without a success. */
	webhookDisableAfterFailingMs: z.coerce.number().int().positive().default(24 * 3600_000),
	finalizeRetryDelaysMs: z.array(z.number().int().nonnegative()).default(DEFAULT_FINALIZE_RETRY_DELAYS_MS),
	/** The whole request, headers and body, must arrive within this: slow and drip-fed clients are cut off. */
	requestTimeoutMs: z.coerce.number().int().positive().default(60_000),
	/** A connection with no bytes in either direction for this long is closed (above the longest webhook test, 60 s). */
	idleTimeoutMs: z.coerce.number().int().positive().default(120_000),
	/** An idle keep-alive connection is closed after this; above the 60 s idle timeout of common load balancers. */
	keepAliveTimeoutMs: z.coerce.number().int().positive().default(72_000),
	/** Rate limits count requests in windows of this length; each limit is requests per window, 0 for none. */
	rateLimitWindowMs: z.coerce.number().int().positive().default(60_000),
	/** API requests per key (n8n flows send far fewer). */
	rateLimitApiPerKey: z.coerce.number().int().nonnegative().default(6000),
	/** API requests without a valid key, per client IP. */
	rateLimitApiPerIp: z.coerce.number().int().nonnegative().default(300),
	/** Signing-page requests per client IP (a page view is about 15; many signers may share an office's address). */
	rateLimitSigningPerIp: z.coerce.number().int().nonnegative().default(600),
	/** Signing-page requests per signing link. */
	rateLimitSigningPerToken: z.coerce.number().int().nonnegative().default(120),
	/** GET /metrics answers a scraper sending this as a bearer token; unset (or empty): /metrics is off (404). */
	metricsToken: z.preprocess(
		(value) => (value === '' ? undefined : value),
		z.string().min(16, 'Use at least 16 characters, e.g. the output of "openssl rand -hex 32"').optional(),
	),
	/** /readyz answers 503 while an outbox's oldest due item has waited longer than this. */
	outboxMaxAgeMs: z.coerce.number().int().positive().default(10 * 60_000),
});
export type EngineConfig = z.infer<typeof EngineConfig>;
export type EngineConfigInput = z.input<typeof EngineConfig>;

/** Settings from SIGNFLOW_* environment variables; command-line flags override them. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): EngineConfigInput {
	const maxFileMb = env.SIGNFLOW_MAX_FILE_MB ? Number(env.SIGNFLOW_MAX_FILE_MB) : undefined;
	return dropUndefined({
		port: env.SIGNFLOW_PORT,
		host: env.SIGNFLOW_HOST,
		dataDir: env.SIGNFLOW_DATA,
		publicUrl: env.SIGNFLOW_PUBLIC_URL,
		databaseUrl: env.SIGNFLOW_DATABASE_URL,
		databasePoolSize: env.SIGNFLOW_DATABASE_POOL_SIZE,
		databasePreparedStatements: env.SIGNFLOW_DATABASE_PREPARED_STATEMENTS || undefined,
		maxFileBytes: maxFileMb === undefined ? undefined : Math.round(maxFileMb * MB),
		logLevel: env.SIGNFLOW_LOG_LEVEL as EngineConfigInput['logLevel'],
		trustProxy: env.SIGNFLOW_TRUST_PROXY ? env.SIGNFLOW_TRUST_PROXY === '1' || env.SIGNFLOW_TRUST_PROXY === 'true' : undefined,
		masterKey: env.SIGNFLOW_MASTER_KEY,
		smtpUrl: env.SIGNFLOW_SMTP_URL,
		mailFrom: env.SIGNFLOW_MAIL_FROM,
		sealP12File: env.SIGNFLOW_SEAL_P12,
		allowPrivateWebhooks: env.SIGNFLOW_ALLOW_PRIVATE_WEBHOOKS ? ['1', 'true', 'yes'].includes(env.SIGNFLOW_ALLOW_PRIVATE_WEBHOOKS) : undefined,
		webhookDisableAfterDead: env.SIGNFLOW_WEBHOOK_DISABLE_AFTER_DEAD,
		webhookDisableAfterFailingMs: env.SIGNFLOW_WEBHOOK_DISABLE_AFTER_HOURS ? Number(env.SIGNFLOW_WEBHOOK_DISABLE_AFTER_HOURS) * 3600_000 : undefined,
		webhookAllowList: env.SIGNFLOW_WEBHOOK_ALLOW ? env.SIGNFLOW_WEBHOOK_ALLOW.split(',').map((entry) => entry.trim()).filter(Boolean) : undefined,
		sealP12Password: env.SIGNFLOW_SEAL_P12_PASSWORD,
		finalizeWorkers: env.SIGNFLOW_FINALIZE_WORKERS,
		finalizeLeaseMs: secondsToMs(env.SIGNFLOW_FINALIZE_LEASE_S),
		deliveryLeaseMs: secondsToMs(env.SIGNFLOW_DELIVERY_LEASE_S),
		bulkSendConcurrency: env.SIGNFLOW_BULK_SEND_CONCURRENCY,
		requestTimeoutMs: secondsToMs(env.SIGNFLOW_REQUEST_TIMEOUT_S),
		idleTimeoutMs: secondsToMs(env.SIGNFLOW_IDLE_TIMEOUT_S),
		keepAliveTimeoutMs: secondsToMs(env.SIGNFLOW_KEEP_ALIVE_TIMEOUT_S),
		rateLimitWindowMs: secondsToMs(env.SIGNFLOW_RATE_LIMIT_WINDOW_S),
		rateLimitApiPerKey: env.SIGNFLOW_RATE_LIMIT_API,
		rateLimitApiPerIp: env.SIGNFLOW_RATE_LIMIT_API_IP,
		rateLimitSigningPerIp: env.SIGNFLOW_RATE_LIMIT_SIGNING_IP,
		rateLimitSigningPerToken: env.SIGNFLOW_RATE_LIMIT_SIGNING_TOKEN,
		metricsToken: env.SIGNFLOW_METRICS_TOKEN,
		outboxMaxAgeMs: secondsToMs(env.SIGNFLOW_OUTBOX_MAX_AGE_S),
	});
}

/** Durations are given in seconds (fractions allowed) on the command line and in the environment. */
export function secondsToMs(seconds: string | undefined): number | undefined {
	return seconds === undefined || seconds === '' ? undefined : Math.round(Number(seconds) * 1000);
}

/** Whether the engine sends email at all. */
export function mailConfigured(config: EngineConfig): boolean {
	return Boolean(config.smtpUrl || config.smtp);
}

export function resolveConfig(...layers: EngineConfigInput[]): EngineConfig {
	const merged = layers.reduce<EngineConfigInput>((all, layer) => ({ ...all, ...dropUndefined(layer) }), {});
	const result = EngineConfig.safeParse(merged);
	if (!result.success)
		throw new Error(
			`Invalid configuration: ${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
		);
	return { ...result.data, dataDir: path.resolve(result.data.dataDir), publicUrl: result.data.publicUrl?.replace(/\/+$/, '') };
}

export function dropUndefined<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
