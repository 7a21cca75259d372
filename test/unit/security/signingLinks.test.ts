import { createHash, createHmac } from 'node:crypto';
import { SigningLinks } from '../../../engine/security/signingLinks';

const KEY = Buffer.alloc(32, 3);
/** A token as every earlier engine made it: links already sent must keep working. */
const madeAsBefore = (signerId: string, linkVersion: number) => createHmac('sha256', KEY).update(`link:${signerId}:${linkVersion}`).digest('base64url');

describe('SigningLinks tokens', () => {
	const links = new SigningLinks(KEY, () => 'https://sign.example.com');

	it('are the HMAC links already sent carry, asked once or many times', () => {
		const signerId = '01a249c4-2d61-757d-bb34-5523806736b9';
		for (let ask = 0; ask < 3; ask += 1) expect(links.token(signerId, 1)).toBe(madeAsBefore(signerId, 1));
		expect(links.url(signerId, 1)).toBe(`https://sign.example.com/sign/${madeAsBefore(signerId, 1)}`);
		expect(SigningLinks.hash(links.token(signerId, 1))).toMatch(/^[0-9a-f]{64}$/);
	});

	it('change with the link version and the signer, so a reissued link voids the old one', () => {
		const first = links.token('signer-Zoë', 1);
		const reissued = links.token('signer-Zoë', 2);
		expect(reissued).not.toBe(first);
		expect(reissued).toBe(madeAsBefore('signer-Zoë', 2));
		expect(links.token('signer-Zoë', 1)).toBe(first);
		expect(links.token('signer-محمد', 1)).toBe(madeAsBefore('signer-محمد', 1));
	});

	it('stay right for signers asked about long ago, past the tokens kept', () => {
		const many = Array.from({ length: 10_000 }, (_, index) => `signer-${index}`);
		for (const signerId of many) links.token(signerId, 1);
		for (const signerId of [many[0], many[4999], many[9999]]) expect(links.token(signerId, 1)).toBe(madeAsBefore(signerId, 1));
	});

	it('hash to the SHA-256 the signers table keeps, asked once or again, and refuse what cannot be a token', () => {
		const token = links.token('signer-山田', 1);
		const stored = createHash('sha256').update(token).digest('hex');
		for (let ask = 0; ask < 3; ask += 1) expect(SigningLinks.hash(token)).toBe(stored);
		const other = links.token('signer-山田', 2);
		expect(SigningLinks.hash(other)).toBe(createHash('sha256').update(other).digest('hex'));
		// Tokens alike but for their last character hash apart.
		const alike = ['A'.repeat(42) + 'B', 'A'.repeat(42) + 'C'];
		for (const value of [...alike, ...alike]) expect(SigningLinks.hash(value)).toBe(createHash('sha256').update(value).digest('hex'));
		for (const notAToken of ['', 'short', `${token}x`, `${token.slice(0, 42)}/`, '🖊️'.repeat(22)]) expect(SigningLinks.hash(notAToken)).toBeNull();
	});
});
