import { texts } from './texts';

export function StatusBadge(props: { status: string }) {
	return <span class={`badge status-${props.status}`}>{texts.status[props.status] ?? props.status}</span>;
}
