import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from '../api';
import { Alert, Notice } from '../Feedback';
import { formatDate } from '../format';
import { follow } from '../router';
import { texts as shared } from '../texts';
import { healthOf, isUnhealthy } from './health';
import { HealthBadge } from './HealthBadge';
import { Sparkline } from './Sparkline';
import { webhookTexts as texts } from './texts';
import type { Delivery, DeliveryPage, DeliveryStats, Webhook } from './types';
import { SecretNotice, WebhookForm } from './WebhookForm';
import './webhooks.css';

interface Row {
	webhook: Webhook;
	last: Delivery | null;
	day: DeliveryStats | null;
}

export const webhookUrl = (id: string): string => `/console/webhooks/${id}`;

/** The organization's webhook configurations: their health, last delivery and last day; a new one, a test event, on and off. */
export function WebhookList() {
	const [rows, setRows] = useState<Row[] | null>(null);
	const [error, setError] = useState('');
	const [notice, setNotice] = useState('');
	const [secret, setSecret] = useState('');
	const [adding, setAdding] = useState(false);
	const [working, setWorking] = useState('');

	const load = async () => {
		try {
			const { data } = await api<{ data: Webhook[] }>('GET', '/webhooks');
			const details = await Promise.all(
				data.map(async (webhook) => {
					const [page, day] = await Promise.all([
						api<DeliveryPage>('GET', `/webhooks/${webhook.id}/deliveries?limit=1`),
						api<DeliveryStats>('GET', `/webhooks/${webhook.id}/stats?range=day`),
					]);
					return { webhook, last: page.data[0] ?? null, day };
				}),
			);
			// The unhealthy ones first: they are what someone opening this screen needs to see.
			setRows(details.sort((a, b) => Number(isUnhealthy(healthOf(b.webhook))) - Number(isUnhealthy(healthOf(a.webhook)))));
		} catch (failure) {
			setError(errorText(failure, shared.errors.network));
		}
	};
	useEffect(() => void load(), []);

	const act = async (webhook: Webhook, action: 'test' | 'enable' | 'disable') => {
		setWorking(webhook.id);
		setError('');
		setNotice('');
		setSecret('');
		try {
			if (action === 'test') await api('POST', `/webhooks/${webhook.id}/test`);
			else await api('PATCH', `/webhooks/${webhook.id}`, { enabled: action === 'enable' });
			setNotice(action === 'test' ? texts.actions.tested : action === 'enable' ? texts.actions.enabled : texts.actions.disabled);
			await load();
		} catch (failure) {
			setError(errorText(failure, shared.errors.generic));
		}
		setWorking('');
	};

	return (
		<section class="webhooks">
			<div class="toolbar">
				<div>
					<h1>{texts.list.title}</h1>
					<p class="muted intro">{texts.list.intro}</p>
				</div>
				{!adding && (
					<button type="button" class="primary" onClick={() => setAdding(true)}>
						{texts.list.add}
					</button>
				)}
			</div>
			{adding && (
				<WebhookForm
					onCancel={() => setAdding(false)}
					onSaved={(made) => {
						setAdding(false);
						setNotice(texts.form.created);
						setSecret(made.secret ?? '');
						void load();
					}}
				/>
			)}
			<Notice text={notice} />
			{secret && <SecretNotice secret={secret} />}
			<Alert text={error} />
			{!rows && !error && <p class="muted">{texts.list.loading}</p>}
			{rows && rows.length === 0 && <p class="empty">{texts.list.empty}</p>}
			{rows && rows.length > 0 && (
				<table class="list webhook-list">
					<thead>
						<tr>
							<th>{texts.list.name}</th>
							<th>{texts.list.state}</th>
							<th>{texts.list.lastDay}</th>
							<th class="last-delivery">{texts.log.last}</th>
							<th>
								<span class="visually-hidden">{texts.list.actions}</span>
							</th>
						</tr>
					</thead>
					<tbody>
						{rows.map((row) => (
							<WebhookRow key={row.webhook.id} row={row} working={working === row.webhook.id} act={act} />
						))}
					</tbody>
				</table>
			)}
		</section>
	);
}

function WebhookRow(props: { row: Row; working: boolean; act: (webhook: Webhook, action: 'test' | 'enable' | 'disable') => Promise<void> }) {
	const { webhook, last, day } = props.row;
	const health = healthOf(webhook);
	const url = webhookUrl(webhook.id);
	return (
		<tr class={isUnhealthy(health) ? 'unhealthy' : undefined} data-webhook={webhook.id} data-health={health}>
			<td class="name">
				<div class="name-cell">
					<a href={url} onClick={(event) => follow(event, url)}>
						{webhook.name}
					</a>
					<code class="url">{webhook.url}</code>
					<span class="muted events">{webhook.events.includes('*') ? texts.list.allEvents : webhook.events.join(', ')}</span>
				</div>
			</td>
			<td>
				<HealthBadge webhook={webhook} />
			</td>
			<td class="day">
				{day && day.total.delivered + day.total.failed > 0 ? (
					<>
						<Sparkline stats={day} />
						<span class="counts">{texts.list.dayCounts(day.total.delivered, day.total.failed)}</span>
					</>
				) : (
					<span class="muted">{texts.list.noTraffic}</span>
				)}
			</td>
			<td class="last-delivery">{last ? <DeliveryOutcome delivery={last} /> : <span class="muted">–</span>}</td>
			<td class="row-actions">
				<button type="button" disabled={props.working || !webhook.enabled} onClick={() => props.act(webhook, 'test')}>
					{texts.actions.test}
				</button>
				<button type="button" class="quiet" disabled={props.working} onClick={() => props.act(webhook, webhook.enabled ? 'disable' : 'enable')}>
					{webhook.enabled ? texts.actions.disable : texts.actions.enable}
				</button>
			</td>
		</tr>
	);
}

/** A delivery's state, its last answer and when. */
export function DeliveryOutcome(props: { delivery: Delivery }) {
	const { delivery } = props;
	return (
		<span class="outcome">
			<span class={`badge delivery-${delivery.status}`}>{texts.log.statuses[delivery.status]}</span>
			{delivery.lastStatusCode !== null && <code>{delivery.lastStatusCode}</code>}
			<span class="muted when">{formatDate(delivery.deliveredAt ?? delivery.createdAt)}</span>
		</span>
	);
}
