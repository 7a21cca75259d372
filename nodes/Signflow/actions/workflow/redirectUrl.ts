import { textOf } from '../../../shared/text';

export const REDIRECT_URL_DESCRIPTION =
	"After signing or refusing on a page opened outside a frame, signers without a Redirect URL of their own go here, with signflow_event, workflowId and signerId in the query (https://, or http:// for localhost)";

/** A Redirect URL parameter's value, trimmed; undefined when empty, so that nothing is sent. */
export function redirectUrlOf(value: unknown): string | undefined {
	return textOf(value).trim() || undefined;
}
