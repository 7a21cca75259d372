import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, errorText } from '../api';
import { Alert, LoadingOrFailed, Notice } from '../Feedback';
import { formatDate } from '../format';
import { follow, navigate } from '../router';
import { texts as shared } from '../texts';
import { LatencyChart, OutcomeChart, StatsTable } from './DeliveryCharts';
import { DeliveryLog } from './DeliveryLog';
import { healthOf, isUnhealthy } from './health';
import { HealthBadge, HealthBanner } from './HealthBadge';
import { webhookTexts as texts } from './texts';
import type { DeliveryStats, StatsRange, Webhook } from './types';
import { SecretNotice, WebhookForm } from './WebhookForm';
import './webhooks.css';

const LIST = '/console/webhooks';

/** One configuration: its health, its charts over the last day or week, its delivery log; test, edit, on and off, delete. */
export function WebhookDetail(props: { webhookId: string }) {
	const { webhookId } = props;
	const [webhook, setWebhook] = useState<Webhook | null>(null);
	const [range, setRange] = useState<StatsRange>('day');
	const [stats, setStats] = useState<DeliveryStats | null>(null);
	const [error, setError] = useState('');
	const [notice, setNotice] = useState('');
	const [secret, setSecret] = useState('');
	const [editing, setEditing] = useState(false);
	const [confirming, setConfirming] = useState(false);
	const [working, setWorking] = useState(false);
	// Bumped when deliveries may have changed (a test event, a replay): the log and the charts read again.
	const [version, setVersion] = useState(0);

	useEffect(() => {
		setWebhook(null);
		setStats(null);
		setError('');
	}, [webhookId]);
	useEffect(() => {
		api<Webhook>('GET', `/webhooks/${webhookId}`).then(setWebhook, (failure: unknown) =>
			setError(failure instanceof ApiError && failure.status === 404 ? texts.detail.notFound : errorText(failure, shared.errors.network)),
		);
	}, [webhookId, version]);
	useEffect(() => {
		let current = true;
		api<DeliveryStats>('GET', `/webhooks/${webhookId}/stats?range=${range}`).then(
			(answer) => current && setStats(answer),
			() => current && setStats(null),
		);
		return () => {
			current = false;
		};
	}, [webhookId, range, version]);

	const act = async (run: () => Promise<unknown>, done: string) => {
		setWorking(true);
		setError('');
		setNotice('');
		setSecret('');
		try {
			await run();
			setNotice(done);
			setVersion((value) => value + 1);
		} catch (failure) {
			setError(errorText(failure, shared.errors.generic));
		}
		setWorking(false);
	};

	const back = (
		<a class="back" href={LIST} onClick={(event) => follow(event, LIST)}>
			← {texts.detail.back}
		</a>
	);
	if (!webhook)
		return (
			<section class="webhook-detail">
				{back}
				<LoadingOrFailed error={error} />
			</section>
		);

	const health = healthOf(webhook);
	return (
		<section class={`webhook-detail${isUnhealthy(health) ? ' unhealthy' : ''}`} data-health={health}>
			{back}
			<div class="detail-head">
				<div class="title">
					<h1>
						{webhook.name} <HealthBadge webhook={webhook} />
					</h1>
					<code class="url">{webhook.url}</code>
					<p class="muted">
						{texts.detail.events}: {webhook.events.includes('*') ? texts.list.allEvents : webhook.events.join(', ')} · {texts.detail.auth}:{' '}
						{texts.detail.authTypes[webhook.auth.type]} · {texts.detail.created} {formatDate(webhook.createdAt)}
					</p>
				</div>
				<div class="actions">
					<button type="button" disabled={working || !webhook.enabled} onClick={() => act(() => api('POST', `/webhooks/${webhookId}/test`), texts.actions.tested)}>
						{texts.actions.test}
					</button>
					<button
						type="button"
						class={webhook.enabled ? undefined : 'primary'}
						disabled={working}
						onClick={() =>
							act(() => api('PATCH', `/webhooks/${webhookId}`, { enabled: !webhook.enabled }), webhook.enabled ? texts.actions.disabled : texts.actions.enabled)
						}
					>
						{webhook.enabled ? texts.actions.disable : texts.actions.enable}
					</button>
					<button type="button" disabled={working} onClick={() => setEditing(!editing)}>
						{texts.actions.edit}
					</button>
					<button type="button" class="danger" disabled={working} onClick={() => setConfirming(true)}>
						{texts.actions.remove}
					</button>
				</div>
			</div>
			<HealthBanner webhook={webhook} health={health} />
			{confirming && (
				<div class="confirm card" role="alertdialog" aria-label={texts.actions.removeConfirm}>
					<p>{texts.actions.removeConfirm}</p>
					<button
						type="button"
						class="danger"
						disabled={working}
						onClick={async () => {
							setWorking(true);
							try {
								await api('DELETE', `/webhooks/${webhookId}`);
								navigate(LIST);
							} catch (failure) {
								setError(errorText(failure, shared.errors.generic));
								setWorking(false);
							}
						}}
					>
						{texts.actions.removeYes}
					</button>
					<button type="button" disabled={working} onClick={() => setConfirming(false)}>
						{texts.actions.removeNo}
					</button>
				</div>
			)}
			{editing && (
				<WebhookForm
					webhook={webhook}
					onCancel={() => setEditing(false)}
					onSaved={(saved) => {
						setEditing(false);
						setNotice(texts.form.saved);
						setSecret(saved.secret ?? '');
						setWebhook(saved);
					}}
				/>
			)}
			<Notice text={notice} />
			{secret && <SecretNotice secret={secret} />}
			<Alert text={error} />
			<section class="charts card" aria-label={texts.charts.title}>
				<div class="section-head">
					<h2>{texts.charts.title}</h2>
					<div class="range" role="group" aria-label={texts.charts.range}>
						{(['day', 'week'] as const).map((value) => (
							<button key={value} type="button" class={range === value ? 'selected' : undefined} aria-pressed={range === value} onClick={() => setRange(value)}>
								{texts.charts[value]}
							</button>
						))}
					</div>
				</div>
				{stats && stats.range === range ? (
					<>
						<div class="chart-grid">
							<OutcomeChart stats={stats} unhealthy={isUnhealthy(health)} />
							<LatencyChart stats={stats} />
						</div>
						<StatsTable stats={stats} />
					</>
				) : (
					<p class="muted">{texts.list.loading}</p>
				)}
			</section>
			<DeliveryLog webhookId={webhookId} version={version} onChanged={() => setVersion((value) => value + 1)} />
		</section>
	);
}
