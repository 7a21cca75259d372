import { createHash } from 'node:crypto';
import type { SignflowService } from '../../app/service';
import { CreateOrganizationInput, type Principal } from '../../domain';
import { generateApiKey, type GeneratedApiKey } from '../../security/secrets';
import { EmbeddedSettingsError } from './settings';

/** What a credential says about its organization: the name signers see and the address alerts go to. */
export interface OrganizationProfile {
	/** Empty keeps the current name (credentials made before the field existed). */
	name: string;
	/** Empty: no admin address (one set through the API stays, until the credential's field is emptied again). */
	adminEmail: string;
}

/** Name of an organization whose credential names none. */
export const DEFAULT_ORGANIZATION_NAME = 'n8n';

/** How many keys handed out but not yet used are remembered (a test of a credential n8n could not save leaves one). */
const MAX_MINTED = 1000;

/**
 * The organizations of one data folder as the credentials know them: which
 * organization a key opens (remembered, so a request costs no extra query),
 * keys handed out for new organizations, and name or admin address changes.
 *
 * A new organization's key is handed out first and the organization made on
 * the key's first use: n8n stores what preAuthentication returns before it
 * authenticates with it, so an organization exists only for a key n8n kept
 * (a credential test that n8n cannot store, e.g. of an unsaved credential,
 * leaves none behind).
 */
export class OrganizationKeys {
	private readonly byKey = new Map<string, string>();
	private readonly minted = new Map<string, GeneratedApiKey>();
	private readonly applied = new Map<string, string>();

	/** The organization a key opened before, without asking the store. */
	cached(apiKey: string): string | null {
		return this.byKey.get(digest(apiKey)) ?? null;
	}

	/** The organization the key opens in this engine, or null when it opens none (another data folder's key, or none yet). */
	async organizationOf(service: SignflowService, apiKey: string): Promise<string | null> {
		const cached = this.cached(apiKey);
		if (cached) return cached;
		const principal = await service.authenticate(apiKey);
		if (principal) this.byKey.set(digest(apiKey), principal.organizationId);
		return principal?.organizationId ?? null;
	}

	/** Whether this key was handed out here and waits for its first use. */
	isMinted(apiKey: string): boolean {
		return this.minted.has(digest(apiKey));
	}

	/** A key for a new organization, made on its first use. */
	mint(profile: OrganizationProfile): string {
		validInput(profile);
		const key = generateApiKey('live');
		this.minted.set(digest(key.key), key);
		if (this.minted.size > MAX_MINTED) this.minted.delete(this.minted.keys().next().value!);
		return key.key;
	}

	/** Makes the organization of a key handed out by mint; null for any other key. */
	async createForMinted(service: SignflowService, apiKey: string, profile: OrganizationProfile): Promise<string | null> {
		const key = this.minted.get(digest(apiKey));
		if (!key) return null;
		const { organization } = await service.createOrganization(validInput(profile), key);
		this.minted.delete(digest(apiKey));
		this.byKey.set(digest(apiKey), organization.id);
		this.applied.set(organization.id, JSON.stringify(profile));
		return organization.id;
	}

	/** Renames the organization or changes its admin address when the credential's fields changed. */
	async applyProfile(service: SignflowService, organizationId: string, profile: OrganizationProfile): Promise<void> {
		const wanted = JSON.stringify(profile);
		if (this.applied.get(organizationId) === wanted) return;
		const principal: Principal = { organizationId, apiKeyId: '', mode: 'live' };
		const current = await service.getOrganization(principal);
		// Compared as the engine stores names (NFC), so a name typed in decomposed form is not renamed on every start.
		const name = profile.name.normalize('NFC').trim();
		const adminEmail = profile.adminEmail.trim() || null;
		// An empty field clears the address only when the credential changed while this process ran: at a start it
		// keeps one set through the API (PATCH /organization), so alerts do not go to no one after every n8n restart.
		const clears = adminEmail === null && this.applied.has(organizationId);
		const change = {
			...(name && name !== current.name ? { name } : {}),
			...(adminEmail !== current.adminEmail && (adminEmail !== null || clears) ? { adminEmail } : {}),
		};
		if (Object.keys(change).length > 0) {
			try {
				await service.updateOrganization(principal, change);
			} catch (error) {
				const details = (error as { details?: Array<{ path?: string; message: string }> }).details;
				if (details?.length) throw profileError(details.map((detail) => ({ path: [detail.path ?? ''], message: detail.message })));
				throw error;
			}
		}
		this.applied.set(organizationId, wanted);
	}
}

function validInput(profile: OrganizationProfile): CreateOrganizationInput {
	const input = CreateOrganizationInput.safeParse({
		name: profile.name.trim() || DEFAULT_ORGANIZATION_NAME,
		...(profile.adminEmail.trim() ? { adminEmail: profile.adminEmail.trim() } : {}),
	});
	if (!input.success) throw profileError(input.error.issues);
	return input.data;
}

function digest(apiKey: string): string {
	return createHash('sha256').update(apiKey).digest('base64url');
}

const FIELD_LABELS: Record<string, string> = { name: 'Organization Name', adminEmail: 'Admin Email' };

function profileError(issues: Array<{ path: PropertyKey[]; message: string }>): EmbeddedSettingsError {
	return new EmbeddedSettingsError(
		issues.map((issue) => `${FIELD_LABELS[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`).join('; '),
	);
}
