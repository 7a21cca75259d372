import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
	CONSOLE_LINK_TTL_MS,
	CONSOLE_SESSION_IDLE_MS,
	CONSOLE_SESSION_MAX_MS,
	CONSOLE_SESSION_TOUCH_MS,
	consoleSessionLive,
	newId,
	notFound,
	SignflowError,
	type ApiKeyMode,
	type Principal,
} from '../domain';
import type { StoredConsoleSession } from '../store/port';
import type { ServiceOptions } from './shared';

/** A session just opened: the cookie's token (shown once, to the browser) and what the page needs. */
export interface OpenedConsoleSession {
	token: string;
	principal: Principal;
	maxAgeSeconds: number;
}

/** A request's session, resolved from its cookie. */
export interface ConsoleSession {
	id: string;
	principal: Principal;
	/** Sent back by the page in X-CSRF-Token on every change. */
	csrfToken: string;
	signedInWith: 'api_key' | 'login_link';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const newToken = () => randomBytes(32).toString('base64url');
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The session's CSRF token: derived from the cookie's token, which the page never sees, so it is kept nowhere. */
export function csrfTokenOf(sessionToken: string): string {
	return createHmac('sha256', sessionToken).update('signflow console csrf').digest('base64url');
}

/**
 * The console's sign-ins: a one-time login link (15 minutes, single use) or an API key opens a
 * session; the session stands for the organization and mode it was opened for (a test link or
 * key: test data only), as the key would. Tokens are stored hashed.
 */
export class ConsoleSessions {
	constructor(
		private readonly options: Pick<ServiceOptions, 'store' | 'clock'>,
		/** The principal an API key stands for (its use recorded), or null. */
		private readonly authenticate: (apiKey: string) => Promise<Principal | null>,
	) {}

	/** A login link's token for the organization (an id, or a name only one organization has); the link is `/console/login/<token>`. */
	async createLoginLink(organization: string, mode: ApiKeyMode): Promise<{ token: string; organizationId: string; organizationName: string; expiresAt: string }> {
		const found = await this.options.store.read(async (repository) => {
			const byId = UUID.test(organization) ? await repository.organizations.get(organization.toLowerCase()) : null;
			if (byId) return [{ id: byId.id, name: byId.name }];
			return repository.consoleSessions.organizationsNamed(organization.normalize('NFC').trim());
		});
		if (found.length === 0) throw notFound('organization');
		if (found.length > 1)
			throw new SignflowError(
				'conflict',
				'organization_ambiguous',
				`${found.length} organizations are named "${organization}": name one by its id (${found.map((entry) => entry.id).join(', ')}).`,
			);
		const now = this.options.clock.now();
		const token = newToken();
		const expiresAt = new Date(now.getTime() + CONSOLE_LINK_TTL_MS).toISOString();
		await this.options.store.transaction((repository) =>
			repository.consoleSessions.insertLink({ tokenHash: hashToken(token), organizationId: found[0].id, mode, createdAt: now.toISOString(), expiresAt }),
		);
		return { token, organizationId: found[0].id, organizationName: found[0].name, expiresAt };
	}

	/** Opens a session with a login link's token; null when the link is unknown, used or expired. */
	async signInWithLink(token: string): Promise<OpenedConsoleSession | null> {
		const now = this.options.clock.now().toISOString();
		const link = await this.options.store.transaction((repository) => repository.consoleSessions.takeLink(hashToken(token), now));
		if (!link) return null;
		return this.open({ organizationId: link.organizationId, apiKeyId: '', mode: link.mode });
	}

	/** Opens a session with an API key; null when the key is unknown or revoked. */
	async signInWithKey(apiKey: string): Promise<OpenedConsoleSession | null> {
		const principal = await this.authenticate(apiKey);
		return principal ? this.open(principal) : null;
	}

	/** The session a cookie's token stands for, or null when it is unknown, ended, or its key was revoked. */
	async resolve(token: string): Promise<ConsoleSession | null> {
		const tokenHash = hashToken(token);
		const session = await this.options.store.read((repository) => repository.consoleSessions.find(tokenHash));
		const now = this.options.clock.now();
		if (!session || !consoleSessionLive(session, now)) return null;
		if (Date.parse(session.lastSeenAt) + CONSOLE_SESSION_TOUCH_MS <= now.getTime())
			await this.options.store.transaction((repository) => repository.consoleSessions.touch(tokenHash, now.toISOString()));
		return describe(session, token);
	}

	/** Ends the session; false when there was none. */
	signOut(token: string): Promise<boolean> {
		return this.options.store.transaction((repository) => repository.consoleSessions.delete(hashToken(token)));
	}

	/** Removes expired links and ended sessions (the retention sweep); how many. */
	forgetExpired(): Promise<number> {
		const now = this.options.clock.now();
		return this.options.store.transaction((repository) =>
			repository.consoleSessions.deleteExpired(now.toISOString(), new Date(now.getTime() - CONSOLE_SESSION_IDLE_MS).toISOString()),
		);
	}

	private async open(principal: Principal): Promise<OpenedConsoleSession> {
		const now = this.options.clock.now();
		const token = newToken();
		const session: StoredConsoleSession = {
			tokenHash: hashToken(token),
			id: newId(),
			organizationId: principal.organizationId,
			apiKeyId: principal.apiKeyId || null,
			mode: principal.mode,
			createdAt: now.toISOString(),
			expiresAt: new Date(now.getTime() + CONSOLE_SESSION_MAX_MS).toISOString(),
			lastSeenAt: now.toISOString(),
		};
		await this.options.store.transaction((repository) => repository.consoleSessions.insert(session));
		return { token, principal: { organizationId: principal.organizationId, apiKeyId: principal.apiKeyId, mode: principal.mode }, maxAgeSeconds: CONSOLE_SESSION_MAX_MS / 1000 };
	}
}

function describe(session: StoredConsoleSession, token: string): ConsoleSession {
	return {
		id: session.id,
		principal: { organizationId: session.organizationId, apiKeyId: session.apiKeyId ?? '', mode: session.mode },
		csrfToken: csrfTokenOf(token),
		signedInWith: session.apiKeyId ? 'api_key' : 'login_link',
	};
}
