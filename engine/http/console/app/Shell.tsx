import type { ComponentChildren } from 'preact';
import { consolePost } from './api';
import { follow } from './router';
import { texts } from './texts';
import { webhookTexts } from './webhooks/texts';

export interface Session {
	organization: { id: string; name: string };
	mode: 'live' | 'test';
}

/** The frame around every signed-in screen: the organization, test mode, sign-out. */
export function Shell(props: { session: Session; children: ComponentChildren }) {
	const signOut = async () => {
		await consolePost('/console/sign-out').catch(() => undefined);
		location.assign('/console');
	};
	return (
		<div class={`shell${props.session.mode === 'test' ? ' test-mode' : ''}`}>
			<header class="top">
				<a class="brand" href="/console" onClick={(event) => follow(event, '/console')}>
					{texts.product}
				</a>
				<nav>
					<a href="/console" onClick={(event) => follow(event, '/console')}>
						{texts.shell.workflows}
					</a>
					<a href="/console/templates" onClick={(event) => follow(event, '/console/templates')}>
						{texts.shell.templates}
					</a>
					<a href="/console/webhooks" onClick={(event) => follow(event, '/console/webhooks')}>
						{webhookTexts.nav}
					</a>
				</nav>
				<div class="who">
					{props.session.mode === 'test' && (
						<span class="badge test" title={texts.shell.testModeHint}>
							{texts.shell.testMode}
						</span>
					)}
					<span class="organization">{props.session.organization.name}</span>
					<button type="button" class="quiet" onClick={signOut}>
						{texts.shell.signOut}
					</button>
				</div>
			</header>
			<main class="content">{props.children}</main>
		</div>
	);
}
