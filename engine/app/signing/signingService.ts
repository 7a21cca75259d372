import {
	DEFAULT_PRIMARY_COLOR,
	MAX_ACCESS_ATTEMPTS,
	SignflowError,
	captureValues,
	checkDraftValues,
	chooseLocale,
	conflict,
	delegateSigner,
	documentPurged,
	fieldsOf,
	hasActed,
	recordAccessFailure,
	recordSignerAction,
	recordView,
	requiresEmailCode,
	refuseBySigner,
	signingState,
	type Clock,
	type DelegateInput,
	type DraftInput,
	type EventContext,
	type Signer,
	type SignerDraft,
	type SignInput,
	type SigningState,
	type WorkflowAggregate,
} from '../../domain';
import { CONSENT_VERSION, consentTextFor } from '../../i18n';
import type { EventRecorder } from '../../outbox/recorder';
import { inspectImageToStamp } from '../../pdf/images';
import type { PreparedPngCache } from '../../pdf/preparedPngCache';
import { verifyAccessCode } from '../../security/secrets';
import { SigningLinks } from '../../security/signingLinks';
import type { BlobContent, BlobStore } from '../../store/blobStore';
import { TtlCache } from '../../store/caches';
import type { Repository, Store } from '../../store/port';
import { holdBlobs, type HeldBlob } from '../blobHolds';
import { commitTransition } from '../commit';
import { keepOneInvitation } from '../invitations';
import { buildSession, showsDocument, type SigningSession } from './session';
import type { SignerLink } from './signerLink';

export interface SigningServiceOptions {
	store: Store;
	blobs: BlobStore;
	clock: Clock;
	links: SigningLinks;
	/** Records events with their webhook deliveries and emails. */
	recorder: EventRecorder;
	/** Where drawn signatures, decoded at upload, wait for the finalization that stamps them (none: not kept). */
	preparedPngs?: PreparedPngCache;
}

/**
 * How long checkLink trusts a link this process resolved: a signer's page, then its actions,
 * come within minutes. Only the check before the body is read trusts it; the action reads the
 * link again, so a link reissued meanwhile is still refused, after its body was read.
 */
const CONFIRMED_LINK_MS = 5 * 60_000;

/** How long an entered access code keeps a link open in that browser. */
const ACCESS_GRANT_MS = 12 * 3600_000;

/** One message for unknown, reissued and malformed tokens: no hint whether a link ever existed. */
/** A token's hash, as the signers table keeps it; link_invalid for what cannot be a token. */
function hashOf(token: string): string {
	const tokenHash = SigningLinks.hash(token);
	if (!tokenHash) throw invalidLink();
	return tokenHash;
}

export function invalidLink(): SignflowError {
	return new SignflowError('not_found', 'link_invalid', 'This signing link is not valid. Ask the sender for a new one.');
}

/**
 * The signer's side of the engine, authorised by the token in the link
 * rather than an API key: what the signing page reads and does.
 */
export class SigningService {
	/** Token hashes of links resolved lately, for checkLink. */
	private readonly confirmedLinks = new TtlCache<string, true>(CONFIRMED_LINK_MS, 10_000);

	constructor(private readonly options: SigningServiceOptions) {}

	/** The signer and workflow a token stands for, or link_invalid. */
	async resolve(token: string, repository?: Repository, forUpdate = false): Promise<SignerLink> {
		const work = (repo: Repository, tokenHash: string) => this.linkOf(repo, token, tokenHash, forUpdate);
		return this.confirming(token, (tokenHash) => (repository ? work(repository, tokenHash) : this.options.store.read((repo) => work(repo, tokenHash))));
	}

	/** As resolve, with the signer's saved draft read alongside (one round trip on PostgreSQL): what the signing page shows. */
	private resolveWithDraft(token: string): Promise<[SignerLink, SignerDraft | null]> {
		return this.confirming(token, (tokenHash) =>
			this.options.store.read((repository) => Promise.all([this.linkOf(repository, token, tokenHash, false), repository.signerDrafts.getByTokenHash(tokenHash)])),
		);
	}

	/** Runs `read` of the token's link; once it found one, checkLink passes the token without a read for a while. */
	private async confirming<T>(token: string, read: (tokenHash: string) => Promise<T>): Promise<T> {
		const tokenHash = hashOf(token);
		const ticket = this.confirmedLinks.ticket();
		const result = await read(tokenHash);
		this.confirmedLinks.set(tokenHash, true, ticket);
		return result;
	}

	private async linkOf(repository: Repository, token: string, tokenHash: string, forUpdate: boolean): Promise<SignerLink> {
		const found = await repository.loadAggregateByTokenHash(tokenHash, { forUpdate });
		const signer = found?.aggregate.signers.find((candidate) => candidate.id === found.signerId);
		if (!found || !signer || !this.isCurrentLink(signer, token)) throw invalidLink();
		return { organizationId: found.organizationId, aggregate: found.aggregate, signer, accessCodeHash: found.accessCodeHash };
	}

	/**
	 * Throws link_invalid unless the token is a current signing link, as resolve would, without reading
	 * its workflow: the signer routes' check before a request's body is read (the action resolves it then).
	 * A link this process resolved within CONFIRMED_LINK_MS passes without a read.
	 */
	async checkLink(token: string): Promise<void> {
		const tokenHash = hashOf(token);
		if (this.confirmedLinks.get(tokenHash)) return;
		const ticket = this.confirmedLinks.ticket();
		const found = await this.options.store.read((repository) => repository.signers.findByTokenHash(tokenHash));
		if (!found || !this.isCurrentLink(found.signer, token)) throw invalidLink();
		this.confirmedLinks.set(tokenHash, true, ticket);
	}

	/** The hash matched an older link version only if the stored hash is stale: the token must derive from the signer's current one. */
	private isCurrentLink(signer: Pick<Signer, 'id' | 'linkVersion'>, token: string): boolean {
		return this.options.links.token(signer.id, signer.linkVersion) === token;
	}

	hasAccess(link: SignerLink, grant: string | undefined): boolean {
		return (
			!link.signer.hasAccessCode ||
			this.options.links.checkAccessGrant(grant, link.signer.id, link.signer.linkVersion, this.options.clock.now().getTime())
		);
	}

	/** Whether this browser entered the code emailed to the signer, when the signer needs one (app/signing/emailCodes.ts). */
	isVerified(link: SignerLink, grant: string | undefined): boolean {
		return (
			!requiresEmailCode(link.signer) ||
			this.options.links.checkVerificationGrant(grant, link.signer.id, link.signer.linkVersion, this.options.clock.now().getTime())
		);
	}

	private requireAccess(link: SignerLink, grant: string | undefined): void {
		if (link.signer.lockedAt)
			throw new SignflowError('conflict', 'link_locked', 'This link is locked after too many wrong access codes. Ask the sender for a new link.');
		if (!this.hasAccess(link, grant))
			throw new SignflowError('unauthorized', 'access_code_required', 'Enter the access code the sender gave you.');
		if (!this.isVerified(link, grant))
			throw new SignflowError('unauthorized', 'verification_required', 'Enter the code sent to your email address.');
	}

	/** The page's state for this link; the page shows the access-code form while `needsAccessCode`. */
	async pageState(token: string, grant: string | undefined): Promise<{ link: SignerLink; state: SigningState; needsAccessCode: boolean; draft: SignerDraft | null }> {
		const [link, draft] = await this.resolveWithDraft(token);
		const state = signingState(link.aggregate, link.signer);
		// Nothing behind an access code without the code, whatever the state; a locked link shows only that it is locked.
		const guarded = state !== 'locked';
		return { link, state, needsAccessCode: guarded && !this.hasAccess(link, grant), draft };
	}

	/** Checks an access code; a correct one yields a grant, wrong ones count towards the lock. */
	async enterAccessCode(
		token: string,
		code: string,
		context: EventContext,
	): Promise<{ grant: string; maxAgeSeconds: number } | { wrong: true; attemptsLeft: number; locked: boolean }> {
		const link = await this.resolve(token);
		if (link.signer.lockedAt) return { wrong: true, attemptsLeft: 0, locked: true };
		if (!link.accessCodeHash) throw new SignflowError('conflict', 'no_access_code', 'This link has no access code.');
		// The attempt is counted before the code is looked at, in one conditional update: parallel
		// guesses cannot all slip in before the lock, at most MAX_ACCESS_ATTEMPTS are ever checked.
		const { organizationId } = link;
		const taken = await this.options.store.transaction((repository) =>
			repository.signers.takeAccessAttempt(organizationId, link.signer.id, MAX_ACCESS_ATTEMPTS),
		);
		if (taken === null) return { wrong: true, attemptsLeft: 0, locked: true };
		if (await verifyAccessCode(code, link.accessCodeHash)) {
			await this.options.store.transaction((repository) => repository.signers.returnAccessAttempt(organizationId, link.signer.id));
			const expiresAt = this.options.clock.now().getTime() + ACCESS_GRANT_MS;
			return {
				grant: this.options.links.accessGrant(link.signer.id, link.signer.linkVersion, expiresAt),
				maxAgeSeconds: ACCESS_GRANT_MS / 1000,
			};
		}
		return this.options.store.transaction(async (repository) => {
			const current = await this.resolve(token, repository, true);
			const failure = recordAccessFailure(current.signer, taken, this.options.clock.now());
			await repository.signers.update(current.organizationId, failure.signer, current.signer);
			await this.options.recorder.record(repository, {
				organizationId: current.organizationId,
				events: failure.events,
				context: signerContext(current.signer, context),
				at: failure.signer.updatedAt,
				aggregate: withSigner(current.aggregate, failure.signer),
			});
			return {
				wrong: true as const,
				attemptsLeft: Math.max(0, MAX_ACCESS_ATTEMPTS - taken),
				locked: failure.signer.lockedAt !== null,
			};
		});
	}

	/**
	 * What the signing page needs; the first look at an open document is recorded as signer.viewed.
	 * In `language.locale` when given (the signer's choice), else the link's own, else the browser's.
	 */
	async session(
		token: string,
		grant: string | undefined,
		context: EventContext,
		language: { locale?: string | null; browser?: readonly string[] } = {},
	): Promise<SigningSession> {
		const link = await this.recordView(token, grant, context);
		return this.sessionOf(link, { locale: language.locale ?? (await this.defaultLocaleOf(link, undefined, language.browser)) });
	}

	/**
	 * Records the signer's first look at an open document (signer.viewed) and
	 * returns the link as it is now. The page calls it once it shows the
	 * document, so a link checker that only fetches the HTML records nothing.
	 */
	async recordView(token: string, grant: string | undefined, context: EventContext): Promise<SignerLink> {
		const link = await this.resolve(token);
		const state = signingState(link.aggregate, link.signer);
		// No content behind an access code without the code, in any state.
		this.requireAccess(link, grant);
		if ((state !== 'ready' && state !== 'view_only') || link.signer.viewedAt) return link;
		return this.options.store.transaction(async (repository) => {
			const current = await this.resolve(token, repository, true);
			const viewed = recordView(current.signer, this.options.clock.now());
			if (!viewed) return current;
			await repository.signers.update(current.organizationId, viewed.signer, current.signer);
			const aggregate = withSigner(current.aggregate, viewed.signer);
			await this.options.recorder.record(repository, {
				organizationId: current.organizationId,
				events: viewed.events,
				context: signerContext(current.signer, context),
				at: viewed.signer.updatedAt,
				aggregate,
			});
			return { ...current, aggregate, signer: viewed.signer };
		});
	}

	/**
	 * What the signing page needs for a link whose access is already checked (the page carries it
	 * inline). What the caller has read already (the organization's name and branding, the locale,
	 * the signer's saved draft from pageState: null for none) it passes in `known`.
	 */
	async sessionOf(link: SignerLink, known: { organization?: SigningSession['organization']; locale?: string; draft?: SignerDraft | null } = {}): Promise<SigningSession> {
		const state = signingState(link.aggregate, link.signer);
		// Recording the view changes nothing the state depends on.
		const drawn = showsDocument(state) ? await this.drawnSignatures(link) : new Map<string, string>();
		let draft: SignerDraft | null = null;
		if (state === 'ready')
			draft = known.draft !== undefined ? known.draft : await this.options.store.read((repository) => repository.signerDrafts.get(link.organizationId, link.signer.id));
		return buildSession(link, state, {
			organization: known.organization ?? (await this.organizationOf(link)),
			locale: known.locale ?? (await this.defaultLocaleOf(link)),
			drawn,
			draft,
		});
	}

	/** The language a signer reads when the page names none: theirs, the workflow's, the organization's, the browser's, else English. */
	async defaultLocaleOf(link: SignerLink, repository?: Repository, browser: readonly string[] = []): Promise<string> {
		const { signer, aggregate } = link;
		if (signer.locale) return signer.locale;
		if (aggregate.workflow.locale) return aggregate.workflow.locale;
		const organization = repository
			? await repository.organizations.get(link.organizationId)
			: await this.options.store.read((reader) => reader.organizations.get(link.organizationId));
		return chooseLocale(organization?.defaultLocale, ...browser);
	}

	private async organizationOf(link: SignerLink): Promise<SigningSession['organization']> {
		// Asked for together: one round trip on PostgreSQL.
		const [branding, organization] = await this.options.store.read((repository) =>
			Promise.all([repository.branding.get(link.organizationId), repository.organizations.get(link.organizationId)]),
		);
		return {
			name: organization?.name ?? '',
			primaryColor: branding?.primaryColor ?? DEFAULT_PRIMARY_COLOR,
			hasLogo: Boolean(branding?.logoAssetId),
		};
	}

	/** Other parties' drawn signatures in this workflow (base64 PNG by field id), for the page to show in place. */
	private async drawnSignatures(link: SignerLink): Promise<Map<string, string>> {
		const drawn = new Map<string, string>();
		for (const field of link.aggregate.signatures)
			if (field.signerId !== link.signer.id && field.signedAt && field.valueImageSha256)
				drawn.set(field.id, (await this.options.blobs.get(field.valueImageSha256)).toString('base64'));
		return drawn;
	}

	/** A file of the workflow, for the page's PDF viewer. */
	async document(token: string, grant: string | undefined, fileId: string): Promise<BlobContent> {
		const link = await this.resolve(token);
		const state = signingState(link.aggregate, link.signer);
		if (state !== 'ready' && state !== 'view_only' && state !== 'waiting' && state !== 'done')
			throw new SignflowError('conflict', 'document_unavailable', `The document is no longer available here: the signing workflow is ${link.aggregate.workflow.status}.`);
		this.requireAccess(link, grant);
		const file = link.aggregate.files.find((candidate) => candidate.id === fileId);
		if (!file) throw new SignflowError('not_found', 'file_not_found', 'No such file in this signing workflow.');
		if (link.aggregate.workflow.purgedAt) throw documentPurged(link.aggregate.workflow.purgedAt);
		return this.options.blobs.open(file.sha256);
	}

	/** A signed document, for every party once the workflow is completed and finalized; `name` is the original's (the caller names the download in the reader's language). */
	async signedDocument(token: string, grant: string | undefined, fileId: string): Promise<{ name: string; content: BlobContent }> {
		const link = await this.resolve(token);
		if (link.aggregate.workflow.status !== 'completed')
			throw new SignflowError('conflict', 'signed_file_not_ready', 'The signed document exists once everyone has signed.');
		this.requireAccess(link, grant);
		const file = link.aggregate.files.find((candidate) => candidate.id === fileId);
		if (!file) throw new SignflowError('not_found', 'file_not_found', 'No such file in this signing workflow.');
		if (link.aggregate.workflow.purgedAt) throw documentPurged(link.aggregate.workflow.purgedAt);
		if (!file.signedSha256)
			throw new SignflowError('conflict', 'signed_file_not_ready', 'The signed document is being prepared; try again in a moment.');
		return { name: file.name, content: await this.options.blobs.open(file.signedSha256) };
	}

	/*
	 * Delegation and finish later: the signer hands their place on, or saves what they filled in.
	 */

	/** The signer hands their place to another person (when the workflow allows it): a new link for the delegate, this one stops working. */
	async delegate(token: string, grant: string | undefined, input: DelegateInput, context: EventContext): Promise<{ state: 'delegated'; delegate: { name: string; email: string } }> {
		const link = await this.resolve(token);
		this.requireAccess(link, grant);
		return this.options.store.transaction(async (repository) => {
			const current = await this.resolve(token, repository, true);
			const { organizationId, signer } = current;
			const transition = delegateSigner(current.aggregate, signer, input, this.options.clock.now());
			const withRequest = { ...transition, events: transition.events.map((event) => ({ ...event, data: { ...event.data, ip: context.ip, userAgent: context.userAgent } })) };
			const { aggregate } = await commitTransition(repository, current.aggregate, withRequest, signerContext(signer, context), this.options.recorder);
			const delegate = aggregate.signers.find((candidate) => candidate.id === signer.id)!;
			await repository.signers.setTokenHash(organizationId, signer.id, SigningLinks.hash(this.options.links.token(signer.id, delegate.linkVersion))!);
			if (current.accessCodeHash) await repository.signers.setAccessCodeHash(organizationId, signer.id, null);
			await repository.signerDrafts.delete(organizationId, signer.id);
			await keepOneInvitation(repository, organizationId, aggregate.workflow.id, signer.id);
			return { state: 'delegated' as const, delegate: { name: delegate.name, email: delegate.email } };
		});
	}

	/** Saves the signer's values to finish later through the same link (signer.finish_later); replaces an earlier draft. */
	async saveDraft(token: string, grant: string | undefined, input: DraftInput, context: EventContext): Promise<{ savedAt: string; saved: number }> {
		const link = await this.resolve(token);
		this.requireAccess(link, grant);
		return this.options.store.transaction(async (repository) => {
			// Under the workflow's lock: a draft saved while the same signer signs elsewhere must not outlive the signature.
			const current = await this.resolve(token, repository, true);
			const { organizationId, signer } = current;
			const state = signingState(current.aggregate, signer);
			if (state === 'done' || hasActed(signer)) throw conflict('signer_already_acted', `You have already ${signer.status}; there is nothing left to save.`);
			if (state !== 'ready') throw conflict('draft_not_allowed', `There is nothing to save here: this link is ${state}.`);
			const values = checkDraftValues(current.aggregate, signer, input.values);
			const savedAt = this.options.clock.now().toISOString();
			await repository.signerDrafts.put(organizationId, { signerId: signer.id, workflowId: signer.workflowId, values, savedAt });
			const saved = Object.keys(values).length;
			await this.options.recorder.record(repository, {
				organizationId,
				events: [{ type: 'signer.finish_later', workflowId: signer.workflowId, data: { signerId: signer.id, name: signer.name, email: signer.email, savedValues: saved } }],
				context: signerContext(signer, context),
				at: savedAt,
				aggregate: current.aggregate,
			});
			return { savedAt, saved };
		});
	}

	/** The signer signs (or an approver approves), with their field values. */
	async sign(token: string, grant: string | undefined, input: SignInput, context: EventContext): Promise<{ state: SigningState }> {
		const link = await this.resolve(token);
		this.requireAccess(link, grant);
		// Decode and store drawn signatures before the transaction: blobs are written before rows name them.
		const drawn = new Map<string, string>();
		const drawnBlobs: HeldBlob[] = [];
		const ownSignatureIds = new Set(fieldsOf(link.aggregate, link.signer.id).signatures.map((field) => field.id));
		for (const [fieldId, value] of Object.entries(input.values)) {
			if (value.type !== 'drawn' || !ownSignatureIds.has(fieldId)) continue;
			const png = Buffer.from(value.pngBase64, 'base64');
			const { mimeType, prepared } = await inspectImageToStamp(png, `values.${fieldId}`);
			if (mimeType !== 'image/png' || !prepared)
				throw new SignflowError('invalid', 'signing_values_invalid', 'A drawn signature must be a PNG image.');
			const sha256 = await this.options.blobs.put(png);
			// What checking it decoded is kept for the stamping: the finalization need not decode it again.
			this.options.preparedPngs?.keep(link.organizationId, sha256, prepared);
			drawn.set(fieldId, sha256);
			drawnBlobs.push({ sha256, bytes: png });
		}
		return this.options.store.transaction(async (repository) => {
			// Re-read under the lock: a parallel submission may have changed everything meanwhile. Asked
			// for together with the drawn signatures' blobs, so one round trip takes both locks on PostgreSQL.
			const [, current] = await Promise.all([holdBlobs(repository, this.options.blobs, drawnBlobs), this.resolve(token, repository, true)]);
			const now = this.options.clock.now();
			const transition = recordSignerAction(current.aggregate, current.signer.id, now);
			const at = now.toISOString();
			const captured = captureValues(current.aggregate, current.signer, input.values, drawn, at);
			for (const field of captured.signatures) await repository.signatures.capture(current.organizationId, field);
			for (const annotation of captured.annotations) await repository.annotations.fill(current.organizationId, annotation);
			await repository.signerDrafts.delete(current.organizationId, current.signer.id);
			// The consent recorded is the text the page showed this party (signing or approving), in its language.
			const consentLocale = chooseLocale(input.locale, await this.defaultLocaleOf(current, repository));
			const consentText = consentTextFor(current.signer.role, consentLocale);
			const consented = {
				...transition,
				events: transition.events.map((event) =>
					event.type === 'signer.signed' || event.type === 'signer.approved'
						? { ...event, data: { ...event.data, consent: true, consentText, consentLocale, consentVersion: CONSENT_VERSION, ip: context.ip, userAgent: context.userAgent } }
						: event,
				),
			};
			const { aggregate } = await commitTransition(repository, current.aggregate, consented, signerContext(current.signer, context), this.options.recorder);
			const signer = aggregate.signers.find((candidate) => candidate.id === current.signer.id)!;
			return { state: signingState(aggregate, signer) };
		});
	}

	/** The signer refuses, with a reason; the workflow ends as refused. */
	async refuse(token: string, grant: string | undefined, reason: string, context: EventContext): Promise<{ state: SigningState }> {
		const link = await this.resolve(token);
		this.requireAccess(link, grant);
		return this.options.store.transaction(async (repository) => {
			const current = await this.resolve(token, repository, true);
			const now = this.options.clock.now();
			const transition = refuseBySigner(current.aggregate, current.signer.id, reason, now);
			await repository.signerDrafts.delete(current.organizationId, current.signer.id);
			const withRequest = {
				...transition,
				events: transition.events.map((event) =>
					event.type === 'signer.refused' ? { ...event, data: { ...event.data, ip: context.ip, userAgent: context.userAgent } } : event,
				),
			};
			const { aggregate } = await commitTransition(repository, current.aggregate, withRequest, signerContext(current.signer, context), this.options.recorder);
			const signer = aggregate.signers.find((candidate) => candidate.id === current.signer.id)!;
			return { state: signingState(aggregate, signer) };
		});
	}
}

function withSigner(aggregate: WorkflowAggregate, signer: Signer): WorkflowAggregate {
	return { ...aggregate, signers: aggregate.signers.map((candidate) => (candidate.id === signer.id ? signer : candidate)) };
}

function signerContext(signer: Signer, context: EventContext): EventContext {
	return { ...context, actor: { type: 'signer', id: signer.id } };
}
