import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmailCodes } from '../../app/signing/emailCodes';
import { SignflowError, VerificationCodeInput, type EventContext } from '../../domain';
import { GRANT_SEPARATOR } from '../../security/signingLinks';
import { validationError } from '../errors';
import type { EmailCodeNotice } from './emailCodePage';
import { grantInUrl, isFramedNavigation, withAccess } from './frameAccess';
import { langQuery } from './pageLanguage';

/** What these routes borrow from the signing routes around them. */
export interface EmailCodeRouteDeps {
	emailCodes: EmailCodes;
	/** The grants this browser holds for the link (its cookie). */
	grantOf(request: FastifyRequest): string | undefined;
	setGrant(reply: FastifyReply, token: string, grant: string, maxAgeSeconds: number): void;
	eventContext(request: FastifyRequest): EventContext;
	/** The page again, with what the code step should say. */
	renderPage(request: FastifyRequest, reply: FastifyReply, token: string, notice: EmailCodeNotice): Promise<FastifyReply>;
}

/**
 * The emailed-code step (verification "email_otp"): ask for a code, enter it. The page's plain
 * forms post urlencoded and get the page back; other clients post JSON and get JSON.
 */
export function registerEmailCodeRoutes(app: FastifyInstance, deps: EmailCodeRouteDeps): void {
	const { emailCodes } = deps;

	app.post('/sign/:token/email-code/send', async (request, reply) => {
		const { token } = request.params as { token: string };
		try {
			const sent = await emailCodes.send(token, deps.grantOf(request), deps.eventContext(request));
			if (!isForm(request)) return sent;
			if (sent.testCode !== undefined) return deps.renderPage(request, reply, token, { kind: 'test_code', code: sent.testCode });
			return reply.redirect(`/sign/${token}${pageQuery(request)}`, 303);
		} catch (error) {
			if (!(error instanceof SignflowError)) throw error;
			const seconds = error.kind === 'rate_limited' ? error.details[0]?.retryAfterSeconds : undefined;
			if (typeof seconds === 'number') reply.header('retry-after', String(seconds));
			if (isForm(request) && error.kind === 'rate_limited')
				return deps.renderPage(request, reply.status(429), token, { kind: 'too_soon', seconds: typeof seconds === 'number' ? seconds : 1 });
			if (isForm(request) && error.code === 'email_not_configured') return deps.renderPage(request, reply.status(409), token, { kind: 'no_mail' });
			throw error;
		}
	});

	app.post('/sign/:token/email-code', async (request, reply) => {
		const { token } = request.params as { token: string };
		const parsed = VerificationCodeInput.safeParse(request.body ?? {});
		if (!parsed.success) {
			if (isForm(request)) return deps.renderPage(request, reply.status(422), token, { kind: 'malformed' });
			throw validationError('body', parsed.error);
		}
		const grant = deps.grantOf(request);
		const result = await emailCodes.enter(token, parsed.data.code, grant, deps.eventContext(request));
		if ('grant' in result) {
			const held = withGrant(grant, result.grant);
			deps.setGrant(reply, token, held, result.maxAgeSeconds);
			// Inside a frame the page carries the grants in its address, as after an access code (frameAccess.ts).
			return isForm(request) ? reply.redirect(`/sign/${token}${isFramedNavigation(request) ? withAccess(langQuery(request), held) : langQuery(request)}`, 303) : { ok: true };
		}
		if ('expired' in result) {
			if (isForm(request)) return deps.renderPage(request, reply.status(401), token, { kind: 'expired' });
			throw new SignflowError('unauthorized', 'verification_code_expired', 'That code has expired or was never sent: ask for a new one.');
		}
		if (result.locked) {
			if (isForm(request)) return reply.redirect(`/sign/${token}${pageQuery(request)}`, 303);
			throw new SignflowError('conflict', 'link_locked', 'This link is locked after too many wrong codes. Ask the sender for a new link.');
		}
		if (isForm(request)) return deps.renderPage(request, reply.status(401), token, { kind: 'wrong', attemptsLeft: result.attemptsLeft });
		throw new SignflowError('unauthorized', 'verification_code_wrong', `That code is not right; ${result.attemptsLeft} attempt(s) left.`, [
			{ message: 'attempts left', attemptsLeft: result.attemptsLeft },
		]);
	});
}

/** Back to the page: its language, and the grants a framed page carries in its address. */
function pageQuery(request: FastifyRequest): string {
	return withAccess(langQuery(request), grantInUrl(request));
}

/** The page's forms post urlencoded; API clients post JSON. */
function isForm(request: FastifyRequest): boolean {
	return (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

/** The link's cookie with one more grant: the access grant already held stays. */
function withGrant(held: string | undefined, grant: string): string {
	return [...(held ? held.split(GRANT_SEPARATOR).slice(-2) : []), grant].join(GRANT_SEPARATOR);
}
