import { keptRecentlyUsed } from '../../../engine/support/recentlyUsed';

describe('keptRecentlyUsed', () => {
	it('makes a value once and hands it out again while it is kept', () => {
		const map = new Map<string, string>();
		const make = jest.fn((key: string) => `width of ${key}`);
		expect(keptRecentlyUsed(map, 3, 'Zoë Ångström', () => make('Zoë Ångström'))).toBe('width of Zoë Ångström');
		expect(keptRecentlyUsed(map, 3, 'Zoë Ångström', () => make('Zoë Ångström'))).toBe('width of Zoë Ångström');
		expect(make).toHaveBeenCalledTimes(1);
	});

	it('keeps at most `capacity` values, letting the least recently used go first', () => {
		const map = new Map<string, number>();
		let made = 0;
		const use = (key: string) => keptRecentlyUsed(map, 3, key, () => ++made);
		use('Signed');
		use('محمد الأحمد');
		use('山田 太郎');
		// Used again: now the most recent, so a new key pushes out the next oldest instead.
		use('Signed');
		use('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
		expect([...map.keys()]).toEqual(['山田 太郎', 'Signed', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']);
		expect(made).toBe(4);
		// What was let go is made afresh when it comes back.
		expect(use('محمد الأحمد')).toBe(5);
		expect(map.size).toBe(3);
	});
});
