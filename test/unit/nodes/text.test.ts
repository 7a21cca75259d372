import { DateTime } from 'luxon';
import { textOf } from '../../../nodes/shared/text';

describe('textOf (a parameter or credential value as text)', () => {
	it('gives text as it is, and numbers and booleans as String() does', () => {
		expect(textOf(' Ann ')).toBe(' Ann ');
		expect(textOf(1234)).toBe('1234');
		expect(textOf(0)).toBe('0');
		expect(textOf(true)).toBe('true');
	});

	it('gives a date the text it has of itself ($now is a Luxon DateTime)', () => {
		const now = DateTime.fromISO('2024-03-01T10:00:00.000+01:00', { setZone: true });
		expect(textOf(now)).toBe(now.toString());
		const date = new Date('2024-03-01T09:00:00Z');
		expect(textOf(date)).toBe(String(date));
	});

	it("gives '' for nothing and for an object without a text of its own", () => {
		expect(textOf(undefined)).toBe('');
		expect(textOf(null)).toBe('');
		expect(textOf({ code: 1 })).toBe('');
		expect(textOf(Object.create(null))).toBe('');
	});
});
