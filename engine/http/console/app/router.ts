import { useEffect, useState } from 'preact/hooks';

/** The console's addresses: the lists (their filters in the query), a workflow's page and its fields, templates, webhooks. */
export type Route =
	| { screen: 'list'; query: URLSearchParams }
	| { screen: 'workflow'; workflowId: string }
	| { screen: 'draftFields'; workflowId: string }
	| { screen: 'templates'; query: URLSearchParams }
	| { screen: 'template'; templateId: string }
	| { screen: 'webhooks' }
	| { screen: 'webhook'; webhookId: string };

export function routeOf(location: Location): Route {
	const match = /^\/console\/workflows\/([0-9a-f-]{36})$/.exec(location.pathname);
	if (match) return { screen: 'workflow', workflowId: match[1] };
	const draftFields = /^\/console\/workflows\/([0-9a-f-]{36})\/fields$/.exec(location.pathname);
	if (draftFields) return { screen: 'draftFields', workflowId: draftFields[1] };
	const template = /^\/console\/templates\/([0-9a-f-]{36})$/.exec(location.pathname);
	if (template) return { screen: 'template', templateId: template[1] };
	if (location.pathname === '/console/templates') return { screen: 'templates', query: new URLSearchParams(location.search) };
	const webhook = /^\/console\/webhooks\/([0-9a-f-]{36})$/.exec(location.pathname);
	if (webhook) return { screen: 'webhook', webhookId: webhook[1] };
	if (location.pathname === '/console/webhooks') return { screen: 'webhooks' };
	return { screen: 'list', query: new URLSearchParams(location.search) };
}

export function navigate(url: string, replace = false): void {
	if (replace) history.replaceState(null, '', url);
	else history.pushState(null, '', url);
	dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
	const [route, setRoute] = useState(() => routeOf(location));
	useEffect(() => {
		const changed = () => setRoute(routeOf(location));
		addEventListener('popstate', changed);
		return () => removeEventListener('popstate', changed);
	}, []);
	return route;
}

/** A link inside the console: followed without reloading the page. */
export function follow(event: MouseEvent, url: string): void {
	if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
	event.preventDefault();
	navigate(url);
	scrollTo(0, 0);
}
