import { pooledRandomBytes } from '../../../engine/security/randomPool';
import { SecretBox } from '../../../engine/security/secretBox';

describe('pooledRandomBytes', () => {
	it('hands out bytes that never repeat, across many refills of its pool', () => {
		// 3,000 draws of 12 bytes: about nine pools of 4 KiB. A pool used again without a refill repeats its IVs.
		const seen = new Set<string>();
		for (let draw = 0; draw < 3000; draw += 1) {
			const bytes = pooledRandomBytes(12);
			expect(bytes).toHaveLength(12);
			seen.add(bytes.toString('hex'));
		}
		expect(seen.size).toBe(3000);
	});

	it('gives the caller a copy: later draws and refills of the pool leave it as it was', () => {
		const first = pooledRandomBytes(16);
		const kept = Buffer.from(first);
		// Enough draws for the pool to be drawn again (4 KiB) several times over.
		for (let draw = 0; draw < 1000; draw += 1) pooledRandomBytes(16).fill(0);
		expect(first.equals(kept)).toBe(true);
	});

	it('draws sizes past the pooled ones on their own, and refuses sizes that are not bytes', () => {
		const large = pooledRandomBytes(1000);
		expect(large).toHaveLength(1000);
		expect(large.equals(Buffer.alloc(1000))).toBe(false);
		for (const size of [0, -1, 1.5, Number.NaN]) expect(() => pooledRandomBytes(size)).toThrow(RangeError);
	});

	it('gives each sealed secret its own IV, and every one opens again', () => {
		const box = new SecretBox(Buffer.alloc(32, 7));
		const plaintext = 'whsec_Zoë Ångström محمد 山田 🖊️';
		const sealed = Array.from({ length: 500 }, () => box.seal(plaintext));
		const ivs = new Set(sealed.map((value) => Buffer.from(value.slice(3), 'base64').subarray(0, 12).toString('hex')));
		expect(ivs.size).toBe(500);
		for (const value of sealed) expect(box.open(value)).toBe(plaintext);
	});
});
