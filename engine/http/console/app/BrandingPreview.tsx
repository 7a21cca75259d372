import { useEffect, useRef } from 'preact/hooks';
import { csrfTokenOfSession } from './api';

export interface BrandingDraft {
	organizationName: string;
	primaryColor: string;
	/** A new logo (base64), '' for none, undefined: the saved one. */
	logo: string | undefined;
}

/**
 * The engine's own page for the branding being edited: a form posted to /console/preview/branding
 * whose target is a sandboxed frame, so that the page comes with its own strict CSP (a srcdoc or
 * blob: frame would inherit the console's, which refuses the page's styles). Posted again a moment
 * after each change.
 */
export function BrandingPreview(props: { page: 'signing' | 'email'; draft: BrandingDraft; title: string }) {
	const form = useRef<HTMLFormElement>(null);
	const name = `branding-preview-${props.page}`;
	const { organizationName, primaryColor, logo } = props.draft;
	useEffect(() => {
		const timer = setTimeout(() => form.current?.submit(), 250);
		return () => clearTimeout(timer);
	}, [organizationName, primaryColor, logo]);
	const valid = /^#[0-9a-fA-F]{6}$/.test(primaryColor);
	return (
		<figure class={`branding-preview preview-${props.page}`}>
			<figcaption>{props.title}</figcaption>
			<form ref={form} method="post" action="/console/preview/branding" target={name} hidden>
				<input type="hidden" name="csrf" value={csrfTokenOfSession()} />
				<input type="hidden" name="page" value={props.page} />
				{organizationName.trim() !== '' && <input type="hidden" name="organizationName" value={organizationName} />}
				{valid && <input type="hidden" name="primaryColor" value={primaryColor} />}
				{logo !== undefined && <input type="hidden" name="logo" value={logo} />}
			</form>
			<iframe name={name} title={props.title} sandbox="" />
		</figure>
	);
}
