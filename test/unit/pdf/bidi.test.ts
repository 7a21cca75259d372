import { firstStrongDirection, visualRuns } from '../../../engine/pdf/bidi';

/* Runs in visual order (left to right), each in logical order; right-to-left runs are drawn reversed by the shaper. */
describe('visual runs', () => {
	it('keep a right-to-left name beside left-to-right text on a left-to-right line, the full stop at the end of the line', () => {
		expect(visualRuns('דנה לוי <dana@example.com>')).toEqual([
			{ text: 'דנה לוי', rtl: true },
			{ text: ' <dana@example.com>', rtl: false },
		]);
		expect(visualRuns('שלום עולם.')).toEqual([
			{ text: 'שלום עולם', rtl: true },
			{ text: '.', rtl: false },
		]);
	});

	it('set a right-to-left line from the right: its full stop ends it on the left, numbers read left to right inside it', () => {
		expect(visualRuns('שלום עולם.', 'rtl')).toEqual([{ text: 'שלום עולם.', rtl: true }]);
		expect(visualRuns('עמוד 3 מתוך 12', 'rtl')).toEqual([
			{ text: '12', rtl: false },
			{ text: ' מתוך ', rtl: true },
			{ text: '3', rtl: false },
			{ text: 'עמוד ', rtl: true },
		]);
	});

	it('take a paragraph’s direction from its first letter, and mirror brackets inside right-to-left text', () => {
		expect(firstStrongDirection('  «נועה» Cohen')).toBe('rtl');
		expect(firstStrongDirection('2027 Jürgen נועה')).toBe('ltr');
		expect(firstStrongDirection('2027 · 12:00')).toBe('ltr');
		// "נועה (he)" from the right: the name, then "(he)" with its brackets facing the text they enclose.
		expect(visualRuns('נועה (he)', 'auto')).toEqual([
			{ text: '(', rtl: true },
			{ text: 'he', rtl: false },
			{ text: 'נועה )', rtl: true },
		]);
		expect(visualRuns('Jürgen (de)', 'auto')).toEqual([{ text: 'Jürgen (de)', rtl: false }]);
	});
});
