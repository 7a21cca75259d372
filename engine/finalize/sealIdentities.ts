import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../domain';
import { LEGACY_SEALS_FOLDER, readLegacySeal } from '../pdf/legacySealFile';
import type { SealerSource, SealerSpec } from '../pdf/sealer';
import { identityFromP12, sealSubject, selfSignedIdentity, type SealIdentity } from '../pdf/sealIdentity';
import type { MasterKey } from '../security/masterKey';
import { SecretBox } from '../security/secretBox';
import type { Store, StoredSealIdentity } from '../store/port';

export interface SealIdentitiesOptions {
	store: Store;
	/** The private keys are sealed with a key derived from it (AES-GCM, as webhook secrets are). */
	masterKey: MasterKey;
	clock: Clock;
	/** The data folder, where an earlier version may have kept seals (seals/). */
	dataDir?: string;
	/** The operator's PKCS#12: when given, it seals every organization's documents. */
	operatorP12?: { file: string; password: string };
}

/**
 * Where each organization's seal comes from: the operator's PKCS#12 for the whole engine when one
 * is configured, otherwise a self-signed certificate per organization kept in the database, so
 * that every engine process on it seals with the same one. Made on first use; two processes
 * making one at once keep one (insert-if-absent, then both read back the one that was kept).
 * A seal an earlier version kept in this data folder's seals/ is moved in (moveLegacySealsIn, at
 * every start and `signflow migrate`; else on first use), so documents keep their certificate
 * (the file is left where it was).
 */
export class SealIdentities implements SealerSource {
	private readonly cache = new Map<string, SealIdentity>();
	private readonly loading = new Map<string, Promise<SealIdentity>>();
	private readonly operator: SealIdentity | null;
	private readonly keys: SecretBox;

	constructor(private readonly options: SealIdentitiesOptions) {
		this.keys = new SecretBox(options.masterKey.derive('seal-keys'));
		const operator = options.operatorP12;
		this.operator = operator ? identityFromP12(readFileSync(operator.file), operator.password) : null;
	}

	async sealerFor(organizationId: string, organizationName: string): Promise<SealerSpec> {
		return { kind: 'local-p12', identity: await this.forOrganization(organizationId, organizationName) };
	}

	async forOrganization(organizationId: string, organizationName: string): Promise<SealIdentity> {
		if (this.operator) return this.operator;
		const subject = sealSubject(organizationName);
		const cached = this.cache.get(organizationId);
		if (cached?.subject === subject) return cached;
		// Jobs of one organization finalized at once share one look-up (and at most one new key).
		const key = `${organizationId}\n${subject}`;
		let loading = this.loading.get(key);
		if (!loading) {
			loading = this.load(organizationId, organizationName, subject).finally(() => this.loading.delete(key));
			this.loading.set(key, loading);
		}
		return loading;
	}

	/**
	 * Moves every seal an earlier version kept in this data folder's seals/ into the database, unless
	 * the organization has one there already or was renamed since (then its next seal is new anyway),
	 * so that no other process on the database makes a new one for it first. Returns how many moved.
	 */
	async moveLegacySealsIn(): Promise<number> {
		const { dataDir, store } = this.options;
		if (this.operator || !dataDir || !existsSync(path.join(dataDir, LEGACY_SEALS_FOLDER))) return 0;
		let moved = 0;
		for (const name of readdirSync(path.join(dataDir, LEGACY_SEALS_FOLDER))) {
			const organizationId = /^(.+)\.p12$/.exec(name)?.[1];
			if (!organizationId) continue;
			const organization = await store.read((repository) => repository.organizations.get(organizationId));
			const legacy = organization && readLegacySeal(dataDir, organizationId, this.legacyPassword(organizationId));
			if (!organization || legacy?.subject !== sealSubject(organization.name)) continue;
			if (await store.read((repository) => repository.sealIdentities.get(organizationId, legacy.subject))) continue;
			if ((await this.forOrganization(organizationId, organization.name)).certificate.equals(legacy.certificate)) moved += 1;
		}
		return moved;
	}

	/** The password earlier versions gave each organization's seals/<id>.p12. */
	private legacyPassword(organizationId: string): string {
		return this.options.masterKey.derive(`seal:${organizationId}`).toString('base64url');
	}

	private async load(organizationId: string, organizationName: string, subject: string): Promise<SealIdentity> {
		const found = await this.options.store.read((repository) => repository.sealIdentities.get(organizationId, subject));
		const identity = this.open(found ?? (await this.create(organizationId, organizationName, subject)));
		this.cache.set(organizationId, identity);
		return identity;
	}

	/** The organization's first seal of this name: the data folder's from an earlier version, or a new one. */
	private async create(organizationId: string, organizationName: string, subject: string): Promise<StoredSealIdentity> {
		const { store, clock, dataDir } = this.options;
		const legacy = dataDir ? readLegacySeal(dataDir, organizationId, this.legacyPassword(organizationId)) : null;
		// A file whose name is not the organization's current one is from before a rename: not moved in.
		const moved = legacy?.subject === subject ? legacy : null;
		const identity = moved ?? (await selfSignedIdentity(organizationName, clock.now()));
		const row: StoredSealIdentity = {
			organizationId,
			subject,
			certificate: identity.certificate,
			chain: identity.chain,
			privateKeySealed: this.keys.seal(identity.privateKey.toString('base64')),
			origin: moved ? 'data-folder' : 'generated',
			createdAt: clock.now().toISOString(),
		};
		const kept = await store.transaction(async (repository) => {
			await repository.sealIdentities.insertIfAbsent(row);
			return repository.sealIdentities.get(organizationId, subject);
		});
		if (!kept) throw new Error(`The seal of organization ${organizationId} was stored but cannot be read back.`);
		return kept;
	}

	private open(stored: StoredSealIdentity): SealIdentity {
		let privateKey: Buffer;
		try {
			privateKey = Buffer.from(this.keys.open(stored.privateKeySealed), 'base64');
		} catch (error) {
			throw new Error(
				`The seal key of organization ${stored.organizationId} cannot be opened: it was sealed with another master key (every engine process on one database needs the same master key).`,
				{ cause: error },
			);
		}
		return { privateKey, certificate: stored.certificate, chain: stored.chain, subject: stored.subject };
	}
}
