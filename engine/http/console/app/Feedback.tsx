import { texts } from './texts';

/** What an action did, read out by screen readers as it appears; nothing when empty. */
export function Notice(props: { text: string }) {
	return props.text ? (
		<p class="notice" role="status">
			{props.text}
		</p>
	) : null;
}

/** What went wrong, announced at once; nothing when empty. */
export function Alert(props: { text: string }) {
	return props.text ? (
		<p class="error" role="alert">
			{props.text}
		</p>
	) : null;
}

/** Where something is being read: why it could not be, or that it is on its way. */
export function LoadingOrFailed(props: { error: string }) {
	return props.error ? <Alert text={props.error} /> : <p class="muted">{texts.list.loading}</p>;
}
