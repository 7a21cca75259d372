import { startEngine, type RunningEngine } from '../bootstrap';
import { announceConsole } from './consoleAnnouncement';
import { FolderState } from './folderState';
import { claimLegacyOrganization } from './legacyOrganization';
import { OrganizationKeys, type OrganizationProfile } from './organizationKeys';
import { EmbeddedSettingsError, engineConfig, fingerprint, type EmbeddedSettings } from './settings';

export interface EngineUse {
	engine: RunningEngine;
	/** The settings the engine runs with. */
	settings: EmbeddedSettings;
	organizationId: string | null;
	/** The engine runs with other settings than the ones asked for: another credential of this folder changed them last. */
	conflict: boolean;
}

interface Running {
	engine: RunningEngine;
	settings: EmbeddedSettings;
	fingerprint: string;
	/** Organizations whose console link this engine has logged since it started. */
	announced: Set<string>;
}

/**
 * The one engine of a data folder, shared by every embedded credential that
 * names the folder (each with its own organization). Its settings are those
 * of the credential changed last ("applied"): a credential whose settings
 * changed since it last used the engine makes them the folder's and restarts
 * the engine with them; one whose settings did not change uses the engine as
 * it runs (its credential test says so), unless its settings are the
 * folder's, e.g. after n8n restarted and another credential came first.
 */
export class FolderEngine {
	private running: Running | null = null;
	private lock: Promise<unknown> = Promise.resolve();
	private readonly state: FolderState;
	private readonly keys = new OrganizationKeys();

	constructor(readonly dataDir: string) {
		this.state = new FolderState(dataDir);
	}

	/** The engine for a credential's settings and key (started, or restarted, as the rules above say); its organization takes the profile. */
	async use(settings: EmbeddedSettings, apiKey: string, profile: OrganizationProfile): Promise<EngineUse> {
		const wanted = fingerprint(settings, this.state.get().salt);
		const running = this.running;
		const known = this.keys.cached(apiKey);
		const use =
			running && running.fingerprint === wanted && known && this.state.get().seen[known] === wanted
				? { engine: running.engine, settings: running.settings, organizationId: known, conflict: false }
				: await this.exclusive(() => this.reconcile(settings, wanted, apiKey, profile));
		if (use.organizationId) {
			await this.keys.applyProfile(use.engine.service, use.organizationId, profile);
			this.announceOnce(use.engine, use.organizationId);
		}
		return use;
	}

	/**
	 * The key of the credential's organization: the one it holds while that
	 * still opens an organization here (or was handed out here and is not
	 * used yet); otherwise the organization an earlier version made for the
	 * whole folder (to the first credential that asks), or a key for a new one.
	 */
	async organizationKey(
		settings: EmbeddedSettings,
		currentKey: string,
		profile: OrganizationProfile,
	): Promise<string> {
		const wanted = fingerprint(settings, this.state.get().salt);
		return this.exclusive(async () => {
			const { engine } = await this.ensureRunning(settings, wanted);
			if (currentKey && (this.keys.isMinted(currentKey) || (await this.keys.organizationOf(engine.service, currentKey))))
				return currentKey;
			return (await claimLegacyOrganization(this.dataDir, engine.service, new Date())) ?? this.keys.mint(profile);
		});
	}

	async close(): Promise<void> {
		await this.exclusive(async () => {
			const running = this.running;
			this.running = null;
			await running?.engine.close();
		});
	}

	private async reconcile(settings: EmbeddedSettings, wanted: string, apiKey: string, profile: OrganizationProfile): Promise<EngineUse> {
		let running = await this.ensureRunning(settings, wanted);
		const organizationId =
			(await this.keys.organizationOf(running.engine.service, apiKey)) ?? (await this.keys.createForMinted(running.engine.service, apiKey, profile));
		const lastSeen = organizationId ? this.state.get().seen[organizationId] : undefined;
		const changed = lastSeen !== undefined && lastSeen !== wanted;
		this.state.update((data) => {
			const before = JSON.stringify(data);
			if (changed) data.applied = wanted;
			if (organizationId) data.seen[organizationId] = wanted;
			return JSON.stringify(data) !== before;
		});
		if (running.fingerprint !== wanted && wanted === this.state.get().applied) {
			this.running = null;
			await running.engine.close();
			running = await this.start(settings, wanted);
		}
		return { engine: running.engine, settings: running.settings, organizationId, conflict: running.fingerprint !== wanted };
	}

	private async ensureRunning(settings: EmbeddedSettings, wanted: string): Promise<Running> {
		return this.running ?? this.start(settings, wanted);
	}

	private async start(settings: EmbeddedSettings, wanted: string): Promise<Running> {
		let engine: RunningEngine;
		try {
			engine = await startEngine({
				...engineConfig(settings),
				logLevel: 'warn',
				// n8n's own webhook URLs (the Signflow trigger) are usually on this host or LAN.
				allowPrivateWebhooks: true,
			});
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
				throw new EmbeddedSettingsError(
					`Port ${settings.port} on ${settings.host} is in use (by another program, or the embedded engine of another data folder): choose another Port in the Signflow credential.`,
				);
			throw error;
		}
		// n8n decides when its process ends; the embedded engine never keeps it alive on its own.
		engine.http.server.unref();
		this.running = { engine, settings, fingerprint: wanted, announced: new Set() };
		// The first settings a folder runs with are its settings until a credential changes its own.
		this.state.update((data) => {
			if (data.applied !== null) return false;
			data.applied = wanted;
			return true;
		});
		return this.running;
	}

	/** Logs a console sign-in link for the organization, the first time it uses this engine since the engine started. */
	private announceOnce(engine: RunningEngine, organizationId: string): void {
		const running = this.running;
		if (!running || running.engine !== engine || running.announced.has(organizationId)) return;
		running.announced.add(organizationId);
		announceConsole(engine, organizationId, this.dataDir).catch((error: unknown) =>
			engine.http.log.warn({ err: error }, 'could not make a console sign-in link for the log'),
		);
	}

	/** Runs one start, restart or organization change at a time. */
	private exclusive<T>(task: () => Promise<T>): Promise<T> {
		const result = this.lock.then(task);
		this.lock = result.catch(() => undefined);
		return result;
	}
}
