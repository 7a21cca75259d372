import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { secondsToMs, type EngineConfigInput } from '../config';

/** How the embedded engine sends email: not at all, with n8n's own SMTP settings, or with an SMTP server of its own. */
export type EmbeddedEmail =
	| { mode: 'none' }
	| { mode: 'n8n' }
	| { mode: 'smtp'; host: string; port: number; secure: boolean; user: string; password: string; sender: string };

/** What a credential asks of the embedded engine; everything optional falls back to the defaults below. */
export interface EmbeddedOptions {
	/** Default: .n8n/signflow in the n8n user folder. */
	dataDir?: string;
	port?: number;
	host?: string;
	/** How signers reach the signing pages; defaults to the listening address. */
	publicUrl?: string;
	email?: EmbeddedEmail;
}

/** The settings one engine runs with: those of one data folder. */
export interface EmbeddedSettings {
	dataDir: string;
	port: number;
	host: string;
	publicUrl: string;
	email: EmbeddedEmail;
}

export const DEFAULT_PORT = 5681;

/** A setting the engine cannot start with, named as the credential names it. */
export class EmbeddedSettingsError extends Error {}

export function defaultDataDir(): string {
	return path.join(process.env.N8N_USER_FOLDER ?? os.homedir(), '.n8n', 'signflow');
}

export function embeddedSettings(options: EmbeddedOptions = {}): EmbeddedSettings {
	const port = options.port ?? DEFAULT_PORT;
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new EmbeddedSettingsError(`Port must be a whole number from 0 to 65535 (0 picks a free one), not "${options.port}".`);
	const publicUrl = (options.publicUrl ?? '').trim().replace(/\/+$/, '');
	if (publicUrl && !/^https?:\/\/[^/\s]+/.test(publicUrl))
		throw new EmbeddedSettingsError(`Public URL must start with https:// or http://, e.g. https://sign.example.com (not "${publicUrl}").`);
	const email = options.email ?? { mode: 'n8n' };
	if (email.mode === 'smtp' && !email.host.trim()) throw new EmbeddedSettingsError('SMTP Host is empty: fill it in, or choose another Email option.');
	return {
		dataDir: path.resolve(options.dataDir?.trim() || defaultDataDir()),
		port,
		host: options.host?.trim() || '127.0.0.1',
		publicUrl,
		email,
	};
}

/** Equal settings give equal fingerprints; salted, because the SMTP password is part of them. */
export function fingerprint(settings: EmbeddedSettings, salt: string): string {
	const { port, host, publicUrl, email } = settings;
	return createHash('sha256').update(salt).update(JSON.stringify({ port, host, publicUrl, email })).digest('base64url');
}

/**
 * The engine configuration for these settings (the mail part read from n8n's environment when
 * asked to). Metrics and the readiness limit come from n8n's environment, as for `signflow serve`.
 */
export function engineConfig(settings: EmbeddedSettings, env: NodeJS.ProcessEnv = process.env): EngineConfigInput {
	return {
		dataDir: settings.dataDir,
		port: settings.port,
		host: settings.host,
		publicUrl: settings.publicUrl || undefined,
		...mailConfig(settings.email, env),
		metricsToken: env.SIGNFLOW_METRICS_TOKEN || undefined,
		outboxMaxAgeMs: secondsToMs(env.SIGNFLOW_OUTBOX_MAX_AGE_S),
	};
}

function mailConfig(email: EmbeddedEmail, env: NodeJS.ProcessEnv): Pick<EngineConfigInput, 'smtp' | 'mailFrom'> {
	if (email.mode === 'smtp')
		return {
			smtp: {
				host: email.host.trim(),
				port: email.port,
				secure: email.secure,
				ignoreTLS: false,
				...(email.user ? { auth: { user: email.user, pass: email.password } } : {}),
			},
			mailFrom: email.sender.trim() || (email.user.includes('@') ? email.user : undefined),
		};
	if (email.mode === 'n8n') {
		const smtp = n8nSmtp(env);
		return smtp ? { smtp: smtp.transport, mailFrom: smtp.sender } : {};
	}
	return {};
}

/**
 * n8n's own email settings (what it sends invitations and password resets
 * with), read as n8n reads them: N8N_SMTP_HOST, _PORT (465), _SSL (true),
 * _STARTTLS (true), _USER, _PASS, _SENDER, each also as a _FILE variable.
 */
export function n8nSmtp(env: NodeJS.ProcessEnv = process.env) {
	const read = (name: string) => {
		const file = env[`${name}_FILE`];
		if (file) return readFileSync(file, 'utf8').trim();
		return env[name]?.trim() ?? '';
	};
	const host = read('N8N_SMTP_HOST');
	if (!host || env.N8N_EMAIL_MODE === '') return null;
	const user = read('N8N_SMTP_USER');
	const pass = read('N8N_SMTP_PASS');
	const flag = (name: string) => !['false', '0', 'no'].includes(read(name).toLowerCase());
	const sender = read('N8N_SMTP_SENDER') || (user.includes('@') ? user : '');
	return {
		transport: {
			host,
			port: Number(read('N8N_SMTP_PORT') || 465),
			secure: flag('N8N_SMTP_SSL'),
			ignoreTLS: !flag('N8N_SMTP_STARTTLS'),
			...(user && pass ? { auth: { user, pass } } : {}),
		},
		sender: sender || undefined,
	};
}

/** The settings in words, for messages: "listening on 127.0.0.1:5681, signing links at https://..., email through n8n's SMTP settings". */
export function describeSettings(settings: EmbeddedSettings, running?: { url: string; publicUrl: string }): string {
	const listening = running?.url ?? `http://${settings.host}:${settings.port}`;
	const links = running?.publicUrl ?? (settings.publicUrl || listening);
	return `listening on ${listening}, signing links at ${links}/sign/..., ${describeEmail(settings.email)}`;
}

export function describeEmail(email: EmbeddedEmail, env: NodeJS.ProcessEnv = process.env): string {
	if (email.mode === 'none') return 'no email';
	if (email.mode === 'smtp') return `email through ${email.host}:${email.port}`;
	return n8nSmtp(env) ? "email through n8n's SMTP settings (N8N_SMTP_HOST)" : "no email (n8n's N8N_SMTP_HOST is not set)";
}
