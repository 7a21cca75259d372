import type { EngineConfig } from './config';

/** The address of a console login link: under the public URL, or where a local engine listens by default. */
export function consoleLinkUrl(config: Pick<EngineConfig, 'publicUrl' | 'host' | 'port'>, token: string): string {
	const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
	const base = config.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
	return `${base}/console/login/${token}`;
}
