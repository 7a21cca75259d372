/**
 * A strict reader of the Prometheus text exposition format (0.0.4), written from its
 * specification rather than taken from the library that writes it: every line is a HELP, a
 * TYPE, a sample of a family declared before it, or empty; names, label names and escapes are
 * as the format allows; no series twice; histogram buckets cumulative and ending at +Inf = count.
 * Throws, naming the line, at the first thing out of place.
 */

export interface Sample {
	name: string;
	labels: Record<string, string>;
	value: number;
}

export interface Exposition {
	families: Map<string, { type: string; help: string | null }>;
	samples: Sample[];
	/** The value of one series (labels matched exactly), or undefined. */
	value(name: string, labels?: Record<string, string>): number | undefined;
	/** The sum over every series of `name` whose labels include `labels`. */
	sum(name: string, labels?: Record<string, string>): number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] };

export function parseExposition(text: string): Exposition {
	if (!text.endsWith('\n')) throw new Error('The exposition must end with a line feed.');
	const families = new Map<string, { type: string; help: string | null }>();
	const samples: Sample[] = [];
	const seen = new Set<string>();
	const lines = text.slice(0, -1).split('\n');
	for (const [index, line] of lines.entries()) {
		const where = `line ${index + 1} (${JSON.stringify(line.slice(0, 120))})`;
		if (line === '') continue;
		if (line.startsWith('#')) {
			const match = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
			if (!match) {
				if (/^# (HELP|TYPE)/.test(line)) throw new Error(`${where}: malformed ${line.slice(2, 6)}`);
				continue;
			}
			const [, kind, name, rest] = match;
			if (!METRIC_NAME.test(name)) throw new Error(`${where}: bad metric name`);
			const family = families.get(name) ?? { type: '', help: null };
			if (kind === 'HELP') {
				if (family.help !== null) throw new Error(`${where}: second HELP`);
				if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) throw new Error(`${where}: bad escape in HELP`);
				family.help = rest;
			} else {
				if (family.type) throw new Error(`${where}: second TYPE`);
				if (!TYPES.has(rest)) throw new Error(`${where}: unknown type`);
				if (samples.some((sample) => familyOf(sample.name, families) === name)) throw new Error(`${where}: TYPE after its samples`);
				family.type = rest;
			}
			families.set(name, family);
			continue;
		}
		const sample = parseSample(line, where);
		const family = familyOf(sample.name, families);
		if (!family || !families.get(family)?.type) throw new Error(`${where}: sample of an undeclared family`);
		const key = `${sample.name}{${Object.entries(sample.labels).sort().map(([k, v]) => `${k}=${v}`).join(',')}}`;
		if (seen.has(key)) throw new Error(`${where}: series repeated`);
		seen.add(key);
		samples.push(sample);
	}
	checkHistograms(families, samples);
	const matches = (sample: Sample, labels: Record<string, string>) => Object.entries(labels).every(([k, v]) => sample.labels[k] === v);
	return {
		families,
		samples,
		value: (name, labels = {}) =>
			samples.find((sample) => sample.name === name && matches(sample, labels) && Object.keys(sample.labels).length === Object.keys(labels).length)?.value,
		sum: (name, labels = {}) => samples.filter((sample) => sample.name === name && matches(sample, labels)).reduce((total, sample) => total + sample.value, 0),
	};
}

function familyOf(sampleName: string, families: Map<string, { type: string }>): string | undefined {
	if (families.has(sampleName) && !SUFFIXES[families.get(sampleName)!.type]) return sampleName;
	for (const [name, { type }] of families) for (const suffix of SUFFIXES[type] ?? []) if (sampleName === name + suffix) return name;
	return undefined;
}

function parseSample(line: string, where: string): Sample {
	const head = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
	if (!head) throw new Error(`${where}: bad sample name`);
	let position = head[1].length;
	const labels: Record<string, string> = {};
	if (line[position] === '{') {
		position += 1;
		while (line[position] !== '}') {
			const name = /^([^=]+)="/.exec(line.slice(position));
			if (!name || !LABEL_NAME.test(name[1])) throw new Error(`${where}: bad label name`);
			position += name[0].length;
			let value = '';
			for (;;) {
				const char = line[position];
				if (char === undefined) throw new Error(`${where}: unterminated label value`);
				position += 1;
				if (char === '"') break;
				if (char === '\\') {
					const escaped = line[position];
					position += 1;
					if (escaped === 'n') value += '\n';
					else if (escaped === '\\' || escaped === '"') value += escaped;
					else throw new Error(`${where}: bad escape in a label value`);
				} else value += char;
			}
			if (name[1] in labels) throw new Error(`${where}: label repeated`);
			labels[name[1]] = value;
			if (line[position] === ',') position += 1;
			else if (line[position] !== '}') throw new Error(`${where}: expected , or }`);
		}
		position += 1;
	}
	const rest = line.slice(position);
	const match = /^ (\S+)(?: (-?\d+))?$/.exec(rest);
	if (!match) throw new Error(`${where}: expected " value [timestamp]"`);
	// As Go's ParseFloat reads it (what Prometheus uses): NaN and Inf in any case, with a sign for Inf.
	const special = /^(?:([+-]?)inf(?:inity)?|nan)$/i.exec(match[1]);
	const value = special ? (special[1] === undefined ? NaN : special[1] === '-' ? -Infinity : Infinity) : Number(match[1]);
	if (!special && (Number.isNaN(value) || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(match[1]))) throw new Error(`${where}: bad value`);
	return { name: head[1], labels, value };
}

function checkHistograms(families: Map<string, { type: string }>, samples: Sample[]): void {
	for (const [name, { type }] of families) {
		if (type !== 'histogram') continue;
		const series = new Map<string, Sample[]>();
		for (const sample of samples.filter((candidate) => candidate.name === `${name}_bucket`)) {
			const { le, ...rest } = sample.labels;
			if (le === undefined) throw new Error(`${name}: a bucket without le`);
			const key = JSON.stringify(Object.entries(rest).sort());
			series.set(key, [...(series.get(key) ?? []), sample]);
		}
		for (const [key, buckets] of series) {
			const bounds = buckets.map((bucket) => (bucket.labels.le === '+Inf' ? Infinity : Number(bucket.labels.le)));
			if (bounds.at(-1) !== Infinity) throw new Error(`${name}${key}: the last bucket is not +Inf`);
			for (let index = 1; index < buckets.length; index += 1)
				if (bounds[index] <= bounds[index - 1] || buckets[index].value < buckets[index - 1].value)
					throw new Error(`${name}${key}: buckets not increasing and cumulative`);
			const labels = Object.fromEntries(JSON.parse(key) as Array<[string, string]>);
			const count = samples.find(
				(sample) => sample.name === `${name}_count` && JSON.stringify(Object.entries(sample.labels).sort()) === JSON.stringify(Object.entries(labels).sort()),
			);
			if (count?.value !== buckets.at(-1)!.value) throw new Error(`${name}${key}: +Inf bucket differs from _count`);
		}
	}
}
