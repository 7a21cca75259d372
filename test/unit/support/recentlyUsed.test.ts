import { RecentlyUsed } from '../../../engine/support/recentlyUsed';

describe('RecentlyUsed', () => {
	it('makes a value once and hands it out again while it is kept', () => {
		const kept = new RecentlyUsed<string>(4);
		const make = jest.fn((key: string) => `width of ${key}`);
		expect(kept.get('Zoë Ångström', () => make('Zoë Ångström'))).toBe('width of Zoë Ångström');
		expect(kept.get('Zoë Ångström', () => make('Zoë Ångström'))).toBe('width of Zoë Ångström');
		expect(make).toHaveBeenCalledTimes(1);
	});

	it('keeps at most `capacity` values, and what is used again outlives what was used once', () => {
		const kept = new RecentlyUsed<number>(4);
		let made = 0;
		const use = (key: string) => kept.get(key, () => ++made);
		use('Signed');
		use('محمد الأحمد');
		// A new generation: 'Signed' and 'محمد الأحمد' are the old one.
		use('山田 太郎');
		use('Signed');
		// Another: 'محمد الأحمد', unused for a whole generation, is let go; 'Signed', used again, is kept.
		use('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
		expect(kept.size).toBeLessThanOrEqual(4);
		expect(kept.has('Signed')).toBe(true);
		expect(kept.has('محمد الأحمد')).toBe(false);
		expect(made).toBe(4);
		// What was let go is made afresh when it comes back.
		expect(use('محمد الأحمد')).toBe(5);
		expect(use('Signed')).toBe(1);
	});

	it('never holds more than its capacity however many strings pass through, and keeps a string used by every document', () => {
		const kept = new RecentlyUsed<number>(100);
		let labelMade = 0;
		for (let document = 0; document < 1_000; document += 1) {
			kept.get('Certificate of completion – Abschlusszertifikat', () => ++labelMade);
			for (let own = 0; own < 30; own += 1) kept.get(`Dokument ${document} · ${own} 📄`, () => own);
			expect(kept.size).toBeLessThanOrEqual(100);
		}
		expect(labelMade).toBe(1);
	});
});
