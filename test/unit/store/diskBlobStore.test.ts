import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { MissingBlobError, sha256Hex } from '../../../engine/store/blobStore';
import { DiskBlobStore } from '../../../engine/store/diskBlobStore';
import { bodyBytes } from '../../helpers/engine/blobs';
import { tempDataDir } from '../../helpers/engine/engine';

describe('DiskBlobStore.open', () => {
	let folder: string;
	beforeEach(() => {
		folder = tempDataDir();
	});
	afterEach(() => rmSync(folder, { recursive: true, force: true }));

	it('gives a small blob whole and streams a large one, the same bytes either way', async () => {
		const blobs = new DiskBlobStore(folder);
		const small = Buffer.from('%PDF-1.7 Arbeitsvertrag – Zoë Ångström, محمد, 契約書 ✍️');
		const large = randomBytes(256 * 1024 + 1);
		for (const bytes of [small, large]) {
			const opened = await blobs.open(await blobs.put(bytes));
			expect(Buffer.isBuffer(opened.body)).toBe(bytes === small);
			expect([opened.size, (await bodyBytes(opened.body)).equals(bytes)]).toEqual([bytes.length, true]);
		}
	});

	it('fails with MissingBlobError for a blob it does not hold, before anything is sent', async () => {
		await expect(new DiskBlobStore(folder).open(sha256Hex(Buffer.from('never stored')))).rejects.toThrow(MissingBlobError);
	});
});
