import {
	EMAIL_CODE_RESEND_AFTER_MS,
	EMAIL_CODE_WINDOW_MS,
	EMAIL_CODES_PER_WINDOW,
	MAX_ACCESS_ATTEMPTS,
	VerificationCodeInput,
	maskedEmail,
	nextCodeSend,
	recordVerificationFailure,
	type CodeSendHistory,
} from '../../../engine/domain';
import { aSigner } from '../../helpers/engine/builders';

const START = new Date('2026-03-29T00:30:00.000Z');
const after = (ms: number) => new Date(START.getTime() + ms);

describe('resending emailed codes', () => {
	it('allows one a minute, at most 5 an hour, and a new hour starts afresh', () => {
		let history: CodeSendHistory | null = null;
		const first = nextCodeSend(history, START);
		expect(first).toMatchObject({ allowed: true, history: { sendsInWindow: 1 } });
		history = (first as { history: CodeSendHistory }).history;
		expect(nextCodeSend(history, after(EMAIL_CODE_RESEND_AFTER_MS - 1_000))).toEqual({ allowed: false, retryAfterMs: 1_000 });
		for (let send = 2; send <= EMAIL_CODES_PER_WINDOW; send++) {
			const next = nextCodeSend(history, after((send - 1) * EMAIL_CODE_RESEND_AFTER_MS));
			expect(next).toMatchObject({ allowed: true, history: { sendsInWindow: send, windowStartedAt: START.toISOString() } });
			history = (next as { history: CodeSendHistory }).history;
		}
		const sixth = nextCodeSend(history, after(10 * EMAIL_CODE_RESEND_AFTER_MS));
		expect(sixth).toEqual({ allowed: false, retryAfterMs: EMAIL_CODE_WINDOW_MS - 10 * EMAIL_CODE_RESEND_AFTER_MS });
		expect(nextCodeSend(history, after(EMAIL_CODE_WINDOW_MS))).toMatchObject({ allowed: true, history: { sendsInWindow: 1 } });
	});
});

describe('wrong emailed codes', () => {
	it('are recorded without the code and lock at the limit shared with access codes', () => {
		const signer = aSigner('wf', 'Zoë Ødegård');
		const early = recordVerificationFailure(signer, 2, 'wrong', START);
		expect(early.signer.lockedAt).toBeNull();
		expect(early.events.map((event) => event.type)).toEqual(['signer.verification_failed']);
		const last = recordVerificationFailure(signer, MAX_ACCESS_ATTEMPTS, 'wrong', START);
		expect(last.signer.lockedAt).toBe(START.toISOString());
		expect(last.events.map((event) => event.type)).toEqual(['signer.verification_failed', 'signer.locked']);
	});

	it('accept 6 digits, with a space or dash in the middle, and nothing else', () => {
		expect(VerificationCodeInput.parse({ code: '123 456' }).code).toBe('123456');
		expect(VerificationCodeInput.parse({ code: '123-456' }).code).toBe('123456');
		for (const code of ['12345', '1234567', '١٢٣٤٥٦', 'abcdef', ''])
			expect(VerificationCodeInput.safeParse({ code }).success).toBe(false);
	});

	it('show the address masked', () => {
		expect(maskedEmail('zoe.odegard@example.com')).toBe('zo•••@example.com');
		expect(maskedEmail('a@example.com')).toBe('a•••@example.com');
	});
});
