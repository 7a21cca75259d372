import { niceCeiling } from './chartScale';
import { webhookTexts as texts } from './texts';
import type { DeliveryStats } from './types';

const WIDTH = 120;
const HEIGHT = 28;

/** The last day's attempts per hour in a list row: delivered and failed stacked, no axes (the counts are beside it). */
export function Sparkline(props: { stats: DeliveryStats }) {
	const { hours, total } = props.stats;
	const top = niceCeiling(Math.max(0, ...hours.map((bucket) => bucket.delivered + bucket.failed)));
	const slot = WIDTH / hours.length;
	const scale = (count: number) => (count / top) * (HEIGHT - 2);
	return (
		<svg
			class="sparkline"
			width={WIDTH}
			height={HEIGHT}
			viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
			role="img"
			aria-label={texts.list.dayCounts(total.delivered, total.failed)}
			data-delivered={total.delivered}
			data-failed={total.failed}
			data-pending={total.pending}
		>
			<line class="baseline" x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
			{hours.map((bucket, index) => {
				if (bucket.delivered + bucket.failed === 0) return null;
				const x = index * slot + 0.5;
				const width = Math.max(1, slot - 1);
				const delivered = scale(bucket.delivered);
				const failed = scale(bucket.failed);
				return (
					<g key={bucket.hour}>
						{bucket.delivered > 0 && <rect class="bar-delivered" x={x} y={HEIGHT - delivered} width={width} height={delivered} />}
						{bucket.failed > 0 && <rect class="bar-failed" x={x} y={HEIGHT - delivered - failed} width={width} height={failed} />}
					</g>
				);
			})}
		</svg>
	);
}
