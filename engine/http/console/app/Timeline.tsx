import { formatDate } from './format';
import { texts } from './texts';
import type { AuditTrail } from './types';

/** The audit trail, oldest first, and whether its hash chain holds (the API's check). */
export function Timeline(props: { trail: AuditTrail; signerNames: Map<string, string> }) {
	const { trail } = props;
	return (
		<section class="timeline-section">
			<h2>{texts.detail.timeline}</h2>
			<p class={`chain ${trail.chain.intact ? 'intact' : 'broken'}`} data-chain={trail.chain.intact ? 'intact' : 'broken'}>
				{trail.chain.intact ? texts.detail.chainIntact(trail.events.length) : texts.detail.chainBroken(trail.chain.brokenAt?.sequence ?? null)}
			</p>
			<ol class="timeline">
				{trail.events.map((event) => {
					const who = subjectOf(event.data, props.signerNames);
					return (
						<li key={event.id} class={`event type-${event.type.replace('.', '-')}`}>
							<span class="dot" aria-hidden="true" />
							<div class="what">
								<strong>{texts.events[event.type] ?? event.type}</strong>
								{who && <span class="subject">{who}</span>}
							</div>
							<div class="when muted">
								<time dateTime={event.createdAt}>{formatDate(event.createdAt)}</time>
								<span> · {texts.actors[event.actor.type] ?? event.actor.type}</span>
								{event.ip && <span> · {event.ip}</span>}
								<span class="hash" title={event.hash}>
									{' '}
									· #{event.sequence} {event.hash.slice(0, 10)}
								</span>
							</div>
						</li>
					);
				})}
			</ol>
		</section>
	);
}

/** Whom an event is about, by the names the event or the workflow hold. */
function subjectOf(data: Record<string, unknown>, signerNames: Map<string, string>): string {
	const signerId = typeof data.signerId === 'string' ? data.signerId : null;
	if (signerId && signerNames.has(signerId)) return signerNames.get(signerId)!;
	for (const key of ['name', 'signerName', 'fileName']) if (typeof data[key] === 'string') return data[key];
	return '';
}
