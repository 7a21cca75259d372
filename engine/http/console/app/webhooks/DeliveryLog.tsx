import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from '../api';
import { Alert, Notice } from '../Feedback';
import { texts as shared } from '../texts';
import { webhookTexts as texts } from './texts';
import { formatInstant } from './time';
import type { Attempt, Delivery, DeliveryPage } from './types';
import { DeliveryOutcome } from './WebhookList';

const PAGE_SIZE = 20;
const STATUSES = ['succeeded', 'dead', 'pending', 'delivering'];
const REPLAY_WINDOW_MS = 7 * 24 * 3600_000;

/** A configuration's deliveries, newest first, paged by cursor; each opens onto its attempts and can be sent again. */
export function DeliveryLog(props: { webhookId: string; version: number; onChanged: () => void }) {
	const { webhookId } = props;
	const [status, setStatus] = useState('');
	const [cursors, setCursors] = useState<Array<string | null>>([null]);
	const [page, setPage] = useState<DeliveryPage | null>(null);
	const [open, setOpen] = useState<Record<string, Attempt[] | 'loading'>>({});
	const [error, setError] = useState('');
	const [notice, setNotice] = useState('');
	const [working, setWorking] = useState(false);

	useEffect(() => setCursors([null]), [status, webhookId]);
	const cursor = cursors[cursors.length - 1];
	useEffect(() => {
		let current = true;
		const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
		if (status) params.set('status', status);
		if (cursor) params.set('cursor', cursor);
		api<DeliveryPage>('GET', `/webhooks/${webhookId}/deliveries?${params.toString()}`).then(
			async (answer) => {
				if (!current) return;
				setPage(answer);
				// Deliveries already opened show their attempts as they are now.
				const reopened = await Promise.all(
					Object.keys(open)
						.filter((id) => answer.data.some((delivery) => delivery.id === id))
						.map(async (id) => [id, (await api<Delivery>('GET', `/deliveries/${id}`)).log ?? []] as const),
				);
				if (current) setOpen(Object.fromEntries(reopened));
			},
			(failure: unknown) => current && setError(errorText(failure, shared.errors.network)),
		);
		return () => {
			current = false;
		};
	}, [webhookId, status, cursor, props.version]);

	const toggle = async (id: string) => {
		if (open[id]) {
			const { [id]: _closed, ...rest } = open;
			setOpen(rest);
			return;
		}
		setOpen({ ...open, [id]: 'loading' });
		try {
			const detail = await api<Delivery>('GET', `/deliveries/${id}`);
			setOpen((now) => ({ ...now, [id]: detail.log ?? [] }));
		} catch (failure) {
			setError(errorText(failure, shared.errors.network));
		}
	};

	const replay = async (path: string, body: unknown, done: (answer: { replayed?: number }) => string) => {
		setWorking(true);
		setError('');
		setNotice('');
		try {
			setNotice(done(await api<{ replayed?: number }>('POST', path, body)));
			props.onChanged();
		} catch (failure) {
			setError(errorText(failure, shared.errors.generic));
		}
		setWorking(false);
	};

	return (
		<section class="delivery-log card">
			<div class="section-head">
				<h2>{texts.log.title}</h2>
				<div class="filters">
					<select aria-label={texts.log.status} value={status} onChange={(event) => setStatus((event.target as HTMLSelectElement).value)}>
						<option value="">{texts.log.allStatuses}</option>
						{STATUSES.map((value) => (
							<option key={value} value={value}>
								{texts.log.statuses[value]}
							</option>
						))}
					</select>
					<button type="button" onClick={props.onChanged}>
						{texts.log.refresh}
					</button>
					<button
						type="button"
						class="replay-failed"
						disabled={working}
						onClick={() =>
							replay(`/webhooks/${webhookId}/replay`, { since: new Date(Date.now() - REPLAY_WINDOW_MS).toISOString() }, (answer) => texts.log.replayedFailed(answer.replayed ?? 0))
						}
					>
						{texts.log.replayFailed}
					</button>
				</div>
			</div>
			<Notice text={notice} />
			<Alert text={error} />
			{page && page.data.length === 0 && <p class="empty">{texts.log.empty}</p>}
			{page && page.data.length > 0 && (
				<ul class="deliveries">
					{page.data.map((delivery) => (
						<li key={delivery.id} class={`delivery status-of-${delivery.status}`} data-delivery={delivery.id} data-status={delivery.status}>
							<div class="delivery-row">
								<button type="button" class="quiet expand" aria-expanded={Boolean(open[delivery.id])} onClick={() => toggle(delivery.id)}>
									<span aria-hidden="true">{open[delivery.id] ? '▾' : '▸'}</span>
									<span class="visually-hidden">{open[delivery.id] ? texts.log.hide : texts.log.show}</span>
								</button>
								<code class="event-type">{delivery.eventType}</code>
								<DeliveryOutcome delivery={delivery} />
								<span class="muted attempts-count">
									{texts.log.attempts}: {delivery.totalAttempts}
								</span>
								<button
									type="button"
									class="replay"
									disabled={working || delivery.status === 'delivering'}
									onClick={() => replay(`/deliveries/${delivery.id}/replay`, undefined, () => texts.log.replayed)}
								>
									{texts.log.replay}
								</button>
							</div>
							{delivery.status !== 'succeeded' && (delivery.lastError || delivery.attempts > 0) && (
								<div class="delivery-facts">
									{delivery.lastError && <p class="last-error">{delivery.lastError}</p>}
									{delivery.status === 'pending' && delivery.attempts > 0 && <p class="muted">{texts.log.nextAttempt(formatInstant(delivery.nextAttemptAt))}</p>}
								</div>
							)}
							{open[delivery.id] && <Attempts attempts={open[delivery.id]} />}
						</li>
					))}
				</ul>
			)}
			{page && (cursors.length > 1 || page.nextCursor) && (
				<div class="pager">
					<button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
						{texts.log.previous}
					</button>
					<span class="muted">{texts.log.page(cursors.length)}</span>
					<button type="button" disabled={!page.nextCursor} onClick={() => page.nextCursor && setCursors([...cursors, page.nextCursor])}>
						{texts.log.next}
					</button>
				</div>
			)}
		</section>
	);
}

function Attempts(props: { attempts: Attempt[] | 'loading' }) {
	if (props.attempts === 'loading') return <p class="muted">{texts.list.loading}</p>;
	if (props.attempts.length === 0) return <p class="muted">{texts.log.noAttempts}</p>;
	return (
		<table class="attempts">
			<thead>
				<tr>
					<th>{texts.log.attemptAt}</th>
					<th>{texts.log.code}</th>
					<th class="number">{texts.log.latency}</th>
					<th>{texts.log.error}</th>
				</tr>
			</thead>
			<tbody>
				{props.attempts.map((attempt) => {
					const ok = attempt.statusCode !== null && attempt.statusCode >= 200 && attempt.statusCode < 300;
					return (
						<tr key={attempt.id} class={`attempt ${ok ? 'ok' : 'failed'}`} data-status-code={attempt.statusCode ?? ''} data-duration={attempt.durationMs}>
							<td class="when">{formatInstant(attempt.attemptedAt)}</td>
							<td>
								<code>{attempt.statusCode ?? texts.log.noAnswer}</code>
							</td>
							<td class="number">{texts.charts.ms(attempt.durationMs)}</td>
							<td class="attempt-error">{attempt.error ?? (ok ? '' : attempt.responseBody ?? '')}</td>
						</tr>
					);
				})}
			</tbody>
		</table>
	);
}
