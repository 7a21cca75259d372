import { formatDate } from '../format';
import { healthOf, isUnhealthy, type Health } from './health';
import { webhookTexts as texts } from './texts';
import type { Webhook } from './types';

export function HealthBadge(props: { webhook: Webhook }) {
	const health = healthOf(props.webhook);
	const hint = health === 'failing' && props.webhook.failingSince ? texts.health.failingSince(formatDate(props.webhook.failingSince)) : undefined;
	return (
		<span class={`badge health-${health}`} data-health={health} title={hint}>
			{isUnhealthy(health) && <span aria-hidden="true">⚠ </span>}
			{texts.health[health]}
		</span>
	);
}

/** What is wrong with an unhealthy configuration, said at the top of its page. */
export function HealthBanner(props: { webhook: Webhook; health: Health }) {
	const { webhook, health } = props;
	if (!isUnhealthy(health)) return null;
	return (
		<div class="health-banner" role="alert" data-health={health}>
			<strong>⚠ {texts.health.unhealthyTitle}</strong>
			{health === 'suspended' && <p>{texts.health.suspendedHint}</p>}
			{webhook.disabledReason && <p>{webhook.disabledReason}</p>}
			{webhook.failingSince && <p>{texts.health.failingSince(formatDate(webhook.failingSince))}.</p>}
			{webhook.consecutiveDeadDeliveries > 0 && <p>{texts.health.deadInRow(webhook.consecutiveDeadDeliveries)}</p>}
			<p>{webhook.lastSuccessAt ? texts.health.lastSuccess(formatDate(webhook.lastSuccessAt)) : texts.health.neverSucceeded}</p>
		</div>
	);
}
