import { createHmac } from 'node:crypto';
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
});
