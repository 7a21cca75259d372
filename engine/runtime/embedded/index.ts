import { FolderEngine } from './folderEngine';
import type { OrganizationProfile } from './organizationKeys';
import { describeSettings, embeddedSettings, type EmbeddedOptions, type EmbeddedSettings } from './settings';

/**
 * The engine inside the n8n process, for the credential's "Embedded engine"
 * mode: one engine per data folder, started on first use and stopped with
 * the process, shared by every embedded credential that names the folder,
 * each with an organization (and key) of its own. From then on the nodes
 * reach it over its REST API exactly as they reach a remote one.
 */

export { defaultDataDir, type EmbeddedEmail, type EmbeddedOptions } from './settings';
export { LEGACY_KEY_FILE } from './legacyOrganization';
export type { OrganizationProfile } from './organizationKeys';

/** Why embedded mode refuses to run in this n8n. */
export class EmbeddedModeError extends Error {}

export interface EmbeddedConnection {
	/** Where the engine listens (the nodes' base URL). */
	url: string;
	/** The address in signing links. */
	publicUrl: string;
	/** The engine runs with another credential's settings; says which, in words. */
	conflict: string | null;
}

const folders = new Map<string, FolderEngine>();

function folderOf(settings: EmbeddedSettings): FolderEngine {
	let folder = folders.get(settings.dataDir);
	if (!folder) {
		folder = new FolderEngine(settings.dataDir);
		folders.set(settings.dataDir, folder);
		stopWithProcess();
	}
	return folder;
}

/**
 * An embedded engine per n8n process cannot serve n8n's queue mode: each
 * worker would keep its own data and signing pages.
 */
export function assertEmbeddedAllowed(env: NodeJS.ProcessEnv = process.env): void {
	if (env.EXECUTIONS_MODE === 'queue')
		throw new EmbeddedModeError(
			'The embedded Signflow engine cannot run in n8n queue mode (EXECUTIONS_MODE=queue): every worker would start its own engine with its own data. ' +
				'Run one engine for all of them with "signflow serve" (see the README) and set the Signflow credential to "Remote Engine".',
		);
}

/** The credential's organization key (the credential's preAuthentication): the one it holds while valid here, else a claimed or new one. */
export async function embeddedOrganizationKey(options: EmbeddedOptions, currentKey: string, profile: OrganizationProfile): Promise<string> {
	assertEmbeddedAllowed();
	const settings = embeddedSettings(options);
	return folderOf(settings).organizationKey(settings, currentKey, profile);
}

/** The engine a credential's requests go to (the credential's authenticate): started or reconfigured as its settings say. */
export async function embeddedConnection(options: EmbeddedOptions, apiKey: string, profile: OrganizationProfile): Promise<EmbeddedConnection> {
	assertEmbeddedAllowed();
	const settings = embeddedSettings(options);
	const use = await folderOf(settings).use(settings, apiKey, profile);
	const running = { url: use.engine.url, publicUrl: use.engine.publicUrl };
	return {
		...running,
		conflict: use.conflict
			? `The embedded engine of ${settings.dataDir} runs with the settings another Signflow credential set last (${describeSettings(use.settings, running)}), not with this credential's (${describeSettings(settings)}).`
			: null,
	};
}

let hooked = false;

function stopWithProcess(): void {
	if (hooked) return;
	hooked = true;
	const stopAll = () => void stopEmbeddedEngines();
	process.once('beforeExit', stopAll);
	// Only join signal handling that n8n already does: a listener of our own would stop the
	// default exit of a process that has none. Without one, the SQLite file (WAL) is safe anyway.
	for (const signal of ['SIGTERM', 'SIGINT'] as const) if (process.listenerCount(signal) > 0) process.prependListener(signal, stopAll);
}

/** Stops every embedded engine of this process (tests, and n8n's shutdown). */
export async function stopEmbeddedEngines(): Promise<void> {
	const all = [...folders.values()];
	folders.clear();
	await Promise.all(all.map((folder) => folder.close().catch(() => undefined)));
}
