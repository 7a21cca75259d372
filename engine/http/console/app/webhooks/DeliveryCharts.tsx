import { useId } from 'preact/hooks';
import { axisLabel, hourLabel, niceCeiling } from './chartScale';
import { webhookTexts as texts } from './texts';
import type { DeliveryStats, Latency } from './types';
import { useWidth } from './useWidth';

/*
 * A configuration's charts as SVG drawn by Preact at the width they are laid out at: attempts per
 * hour by outcome (stacked bars) and latency percentiles per hour (lines). Each has a title and a
 * description for screen readers, and the numbers are also in a table below them. The counts are
 * on the elements as data-* attributes too.
 */

const HEIGHT = 220;
const MARGIN = { top: 14, right: 14, bottom: 30, left: 52 };

interface Frame {
	width: number;
	plotWidth: number;
	plotHeight: number;
	/** Left edge of hour `index`'s slot. */
	x: (index: number) => number;
	slot: number;
	y: (value: number) => number;
}

function frameOf(width: number, count: number, top: number): Frame {
	const plotWidth = width - MARGIN.left - MARGIN.right;
	const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
	const slot = plotWidth / Math.max(count, 1);
	return { width, plotWidth, plotHeight, slot, x: (index) => MARGIN.left + index * slot, y: (value) => MARGIN.top + plotHeight - (value / top) * plotHeight };
}

/** Gridlines with their values, and the hours' labels below. */
function Axes(props: { frame: Frame; top: number; stats: DeliveryStats; unit: (value: number) => string }) {
	const { frame, top, stats } = props;
	const ticks = [0, top / 2, top];
	// Labels no closer than 44 px apart: on a tablet, a week shows every other day.
	const labelled = stats.hours.map((bucket, index) => ({ index, label: axisLabel(bucket.hour, stats.range) })).filter((entry) => entry.label !== null);
	const every = Math.max(1, Math.ceil(56 / (frame.slot * (labelled.length > 1 ? labelled[1].index - labelled[0].index : 1))));
	return (
		<g class="axes" aria-hidden="true">
			{ticks.map((tick) => (
				<g key={tick}>
					<line class="grid" x1={MARGIN.left} x2={frame.width - MARGIN.right} y1={frame.y(tick)} y2={frame.y(tick)} />
					<text class="tick" x={MARGIN.left - 6} y={frame.y(tick) + 4} text-anchor="end">
						{props.unit(tick)}
					</text>
				</g>
			))}
			{labelled
				.filter((_, position) => position % every === 0)
				.map(({ index, label }) => {
					const x = frame.x(index) + frame.slot / 2;
					// A label that would run past either end of the plot is left out rather than cut.
					if (x - 24 < MARGIN.left - 8 || x + 24 > frame.width) return null;
					return (
						<text key={index} class="tick" x={x} y={HEIGHT - 10} text-anchor="middle">
							{label}
						</text>
					);
				})}
		</g>
	);
}

export function OutcomeChart(props: { stats: DeliveryStats; unhealthy: boolean }) {
	const { stats } = props;
	const { ref, width } = useWidth<HTMLDivElement>(900);
	const id = useId();
	const rangeName = stats.range === 'day' ? texts.charts.day.toLowerCase() : texts.charts.week.toLowerCase();
	const top = niceCeiling(Math.max(0, ...stats.hours.map((bucket) => bucket.delivered + bucket.failed + bucket.pending)));
	const frame = frameOf(width, stats.hours.length, top);
	const barWidth = Math.max(3, frame.slot * 0.8);
	const { delivered, failed, pending } = stats.total;
	return (
		<figure class={`chart outcome-chart${props.unhealthy ? ' unhealthy' : ''}`}>
			<figcaption>
				<strong>{texts.charts.outcomes}</strong>
				<Legend entries={[
					['delivered', texts.charts.delivered, delivered],
					['failed', texts.charts.failed, failed],
					['pending', texts.charts.pending, pending],
				]} />
			</figcaption>
			<div class="chart-frame" ref={ref}>
				<svg
					width={width}
					height={HEIGHT}
					viewBox={`0 0 ${width} ${HEIGHT}`}
					role="img"
					aria-labelledby={`${id}-title ${id}-desc`}
					data-range={stats.range}
					data-delivered={delivered}
					data-failed={failed}
					data-pending={pending}
				>
					<title id={`${id}-title`}>{`${texts.charts.outcomes} (${rangeName})`}</title>
					<desc id={`${id}-desc`}>{texts.charts.outcomesDesc(rangeName, delivered, failed, pending)}</desc>
					<Axes frame={frame} top={top} stats={stats} unit={(value) => (Number.isInteger(value) ? value.toLocaleString() : '')} />
					{stats.hours.map((bucket, index) => {
						if (bucket.delivered + bucket.failed + bucket.pending === 0) return null;
						const x = frame.x(index) + (frame.slot - barWidth) / 2;
						// Stacked from the axis up: delivered, failed, pending.
						let below = 0;
						const segment = (kind: 'delivered' | 'failed' | 'pending', count: number) => {
							if (count === 0) return null;
							const from = below;
							below += count;
							return <rect class={`bar-${kind}`} x={x} y={frame.y(below)} width={barWidth} height={frame.y(from) - frame.y(below)} />;
						};
						return (
							<g key={bucket.hour} class="bar" data-hour={bucket.hour} data-delivered={bucket.delivered} data-failed={bucket.failed} data-pending={bucket.pending}>
								<title>{texts.charts.bar(hourLabel(bucket.hour), bucket.delivered, bucket.failed, bucket.pending)}</title>
								{segment('delivered', bucket.delivered)}
								{segment('failed', bucket.failed)}
								{segment('pending', bucket.pending)}
							</g>
						);
					})}
				</svg>
			</div>
		</figure>
	);
}

const PERCENTILES = ['p50', 'p95', 'p99'] as const;

export function LatencyChart(props: { stats: DeliveryStats }) {
	const { stats } = props;
	const { ref, width } = useWidth<HTMLDivElement>(900);
	const id = useId();
	const rangeName = stats.range === 'day' ? texts.charts.day.toLowerCase() : texts.charts.week.toLowerCase();
	const top = niceCeiling(Math.max(0, ...stats.hours.map((bucket) => bucket.latency?.p99 ?? 0)));
	const frame = frameOf(width, stats.hours.length, top);
	const center = (index: number) => frame.x(index) + frame.slot / 2;
	const total = stats.total.latency;
	return (
		<figure class="chart latency-chart">
			<figcaption>
				<strong>{texts.charts.latency}</strong>
				<Legend entries={PERCENTILES.map((name) => [name, texts.charts[name], total ? texts.charts.ms(total[name]) : '–'])} />
			</figcaption>
			<div class="chart-frame" ref={ref}>
				<svg
					width={width}
					height={HEIGHT}
					viewBox={`0 0 ${width} ${HEIGHT}`}
					role="img"
					aria-labelledby={`${id}-title ${id}-desc`}
					data-range={stats.range}
					data-p50={total?.p50 ?? ''}
					data-p95={total?.p95 ?? ''}
					data-p99={total?.p99 ?? ''}
				>
					<title id={`${id}-title`}>{`${texts.charts.latency} (${rangeName})`}</title>
					<desc id={`${id}-desc`}>{texts.charts.latencyDesc(rangeName, total)}</desc>
					<Axes frame={frame} top={top} stats={stats} unit={(value) => `${Math.round(value).toLocaleString()} ms`} />
					{PERCENTILES.map((name) => (
						<g key={name} class={`line-${name}`} data-percentile={name}>
							<path d={linePath(stats.hours.map((bucket) => bucket.latency?.[name] ?? null), center, frame.y)} />
							{stats.hours.map((bucket, index) =>
								bucket.latency ? <circle key={bucket.hour} cx={center(index)} cy={frame.y(bucket.latency[name])} r={3.5} /> : null,
							)}
						</g>
					))}
				</svg>
			</div>
		</figure>
	);
}

/** A line through the hours that have a value; an hour without one breaks it. */
function linePath(values: Array<number | null>, x: (index: number) => number, y: (value: number) => number): string {
	let path = '';
	let drawing = false;
	values.forEach((value, index) => {
		if (value === null) {
			drawing = false;
			return;
		}
		path += `${drawing ? 'L' : 'M'}${x(index).toFixed(1)} ${y(value).toFixed(1)}`;
		drawing = true;
	});
	return path;
}

function Legend(props: { entries: Array<[kind: string, label: string, value: number | string]> }) {
	return (
		<ul class="legend">
			{props.entries.map(([kind, label, value]) => (
				<li key={kind} class={`legend-${kind}`}>
					<span class="swatch" aria-hidden="true" />
					{label} <strong>{typeof value === 'number' ? value.toLocaleString() : value}</strong>
				</li>
			))}
		</ul>
	);
}

/** The charts' numbers for reading rather than looking: the hours that have any, and the range's totals. */
export function StatsTable(props: { stats: DeliveryStats }) {
	const rows = props.stats.hours.filter((bucket) => bucket.delivered + bucket.failed + bucket.pending > 0);
	const cell = (latency: Latency | null, name: (typeof PERCENTILES)[number]) => (latency ? texts.charts.ms(latency[name]) : '–');
	return (
		<details class="stats-table">
			<summary>{texts.charts.table}</summary>
			<table class="list">
				<thead>
					<tr>
						<th>{texts.charts.hour}</th>
						<th class="number">{texts.charts.delivered}</th>
						<th class="number">{texts.charts.failed}</th>
						<th class="number">{texts.charts.pending}</th>
						{PERCENTILES.map((name) => (
							<th key={name} class="number">
								{texts.charts[name]}
							</th>
						))}
					</tr>
				</thead>
				<tbody>
					{rows.map((bucket) => (
						<tr key={bucket.hour}>
							<td>{hourLabel(bucket.hour)}</td>
							<td class="number">{bucket.delivered}</td>
							<td class="number">{bucket.failed}</td>
							<td class="number">{bucket.pending}</td>
							{PERCENTILES.map((name) => (
								<td key={name} class="number">
									{cell(bucket.latency, name)}
								</td>
							))}
						</tr>
					))}
					<tr class="totals">
						<th scope="row">{texts.charts.totals}</th>
						<td class="number">{props.stats.total.delivered}</td>
						<td class="number">{props.stats.total.failed}</td>
						<td class="number">{props.stats.total.pending}</td>
						{PERCENTILES.map((name) => (
							<td key={name} class="number">
								{cell(props.stats.total.latency, name)}
							</td>
						))}
					</tr>
				</tbody>
			</table>
		</details>
	);
}
