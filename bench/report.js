// The one table `npm run bench` ends with: each hot path of issue 13, our figure next to a floor
// measured in the same run, the ratio, and the target it is held to.
'use strict';

const rows = [];

/**
 * Records one row. `better` says which way is good: 'higher' (rates: ratio = ours / floor, target is
 * a minimum) or 'lower' (costs such as ms or bytes: ratio = ours / floor, target is a maximum).
 * `pairedRatio`, when given, is the ratio judged instead: one measured rep by rep (bench/envelope.js).
 */
function record({ path, ours, floor, unit, better, target, note = '', pairedRatio }) {
	const ratio = pairedRatio ?? ours / floor;
	const meets = target === undefined ? '' : better === 'higher' ? ratio >= target : ratio <= target;
	const row = {
		path,
		signflow: `${round(ours)} ${unit}`,
		floor: `${round(floor)} ${unit}`,
		ratio: Number(ratio.toFixed(2)),
		target: target === undefined ? '' : `${better === 'higher' ? '>=' : '<='} ${target}`,
		meets: meets === '' ? '' : meets ? 'yes' : 'NO',
		note,
	};
	rows.push(row);
	return row;
}

function round(value) {
	return Math.abs(value) >= 100 ? Math.round(value) : Number(value.toFixed(2));
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function printSummary() {
	if (!rows.length) return;
	console.log('\n== summary: Signflow next to the floor measured in the same run');
	console.table(rows);
}

module.exports = { record, median, printSummary };
