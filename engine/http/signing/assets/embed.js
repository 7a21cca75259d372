// Embedded signing: tells the page that frames this one what happened (signflow:loaded, :signed,
// :refused, :error, with the workflow's and signer's ids and nothing else), and sends a signer who
// opened the link outside a frame on to the sender's redirect address after signing or refusing.
// Messages go only to an origin the organization allows, never to '*': the browser delivers a
// message only when the parent's origin is the one named.

/** @param {{ origins: string[], workflowId: string, signerId: string, redirectUrl: string | null } | undefined} config */
export function embedding(config) {
	const framed = window.parent !== window;
	const target = config && framed ? parentOrigin(config.origins) : null;
	return {
		/** Posts `signflow:<event>` to the parent, when framed by an allowed origin. */
		post(event) {
			if (!target) return;
			window.parent.postMessage({ type: `signflow:${event}`, workflowId: config.workflowId, signerId: config.signerId }, target);
		},
		/** Where the page goes after the signer acted ('signed', 'refused' or 'declined'): the redirect address outside a frame, else null. */
		redirectAfter(outcome) {
			if (framed || !config?.redirectUrl) return null;
			const url = new URL(config.redirectUrl);
			url.searchParams.set('signflow_event', outcome);
			url.searchParams.set('workflowId', config.workflowId);
			url.searchParams.set('signerId', config.signerId);
			return url.href;
		},
	};
}

/** The framing page's origin when the organization allows it, else null. */
function parentOrigin(origins) {
	// Chromium and Safari name the parent's origin whatever the referrer policy; it cannot be forged by the page.
	const ancestor = location.ancestorOrigins?.[0];
	if (ancestor) return origins.includes(ancestor) ? ancestor : null;
	let referrer = null;
	try {
		referrer = new URL(document.referrer).origin;
	} catch {
		// No referrer (the parent's policy, or a reload inside the frame).
	}
	if (referrer && origins.includes(referrer)) return referrer;
	// The browser still refuses to deliver unless the parent is this origin.
	return origins.length === 1 ? origins[0] : null;
}
