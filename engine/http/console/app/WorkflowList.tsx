import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText } from './api';
import { Alert } from './Feedback';
import { formatDate } from './format';
import { follow, navigate } from './router';
import { StatusBadge } from './StatusBadge';
import { texts } from './texts';
import type { Workflow, WorkflowList as Page } from './types';

const STATUSES = ['draft', 'sent', 'completed', 'refused', 'expired', 'cancelled'];
const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 300;

/** The organization's workflows: a status filter and a name search (kept in the address), pages by cursor. */
export function WorkflowList(props: { query: URLSearchParams }) {
	const status = props.query.get('status') ?? '';
	const q = props.query.get('q') ?? '';
	const [typed, setTyped] = useState(q);
	// The cursors of the pages before this one, and this one's (null: the first page).
	const [cursors, setCursors] = useState<Array<string | null>>([null]);
	const [page, setPage] = useState<Page | null>(null);
	const [error, setError] = useState('');
	const searchTimer = useRef<number | undefined>(undefined);
	// What the address says now: a search that fires after a filter change must not bring back the old filter.
	const shown = useRef({ status, q });
	shown.current = { status, q };

	useEffect(() => setCursors([null]), [status, q]);

	const cursor = cursors[cursors.length - 1];
	useEffect(() => {
		let current = true;
		setError('');
		const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
		if (status) params.set('status', status);
		if (q) params.set('q', q);
		if (cursor) params.set('cursor', cursor);
		api<Page>('GET', `/workflows?${params.toString()}`).then(
			(answer) => current && setPage(answer),
			(failure: unknown) => current && setError(errorText(failure, texts.errors.network)),
		);
		return () => {
			current = false;
		};
	}, [status, q, cursor]);

	const show = (next: { status?: string; q?: string }) => {
		const params = new URLSearchParams();
		const nextStatus = next.status ?? shown.current.status;
		const nextQ = next.q ?? shown.current.q;
		if (nextStatus) params.set('status', nextStatus);
		if (nextQ) params.set('q', nextQ);
		const search = params.toString();
		navigate(`/console${search ? `?${search}` : ''}`, true);
	};

	const onSearch = (value: string) => {
		setTyped(value);
		clearTimeout(searchTimer.current);
		searchTimer.current = window.setTimeout(() => show({ q: value.trim() }), SEARCH_DELAY_MS);
	};

	// A search still being typed is taken with the filter, not after it.
	const onStatus = (value: string) => {
		clearTimeout(searchTimer.current);
		show({ status: value, q: typed.trim() });
	};

	return (
		<section class="workflows">
			<div class="toolbar">
				<h1>{texts.list.title}</h1>
				<div class="filters">
					<input
						type="search"
						class="search"
						aria-label={texts.list.search}
						placeholder={texts.list.search}
						value={typed}
						onInput={(event) => onSearch((event.target as HTMLInputElement).value)}
					/>
					<select aria-label={texts.list.status} value={status} onChange={(event) => onStatus((event.target as HTMLSelectElement).value)}>
						<option value="">{texts.list.allStatuses}</option>
						{STATUSES.map((value) => (
							<option value={value} key={value}>
								{texts.status[value]}
							</option>
						))}
					</select>
				</div>
			</div>
			<Alert text={error} />
			{!page && !error && <p class="muted">{texts.list.loading}</p>}
			{page && page.data.length === 0 && <p class="empty">{texts.list.empty}</p>}
			{page && page.data.length > 0 && (
				<table class="list">
					<thead>
						<tr>
							<th>{texts.list.name}</th>
							<th>{texts.list.status}</th>
							<th class="date">{texts.list.created}</th>
							<th class="date">{texts.list.updated}</th>
						</tr>
					</thead>
					<tbody>
						{page.data.map((workflow) => (
							<Row workflow={workflow} key={workflow.id} />
						))}
					</tbody>
				</table>
			)}
			{page && (cursors.length > 1 || page.nextCursor) && (
				<div class="pager">
					<button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
						{texts.list.previous}
					</button>
					<span class="muted">{texts.list.page(cursors.length)}</span>
					<button type="button" disabled={!page.nextCursor} onClick={() => page.nextCursor && setCursors([...cursors, page.nextCursor])}>
						{texts.list.next}
					</button>
				</div>
			)}
		</section>
	);
}

function Row(props: { workflow: Workflow }) {
	const { workflow } = props;
	const url = `/console/workflows/${workflow.id}`;
	return (
		<tr>
			<td class="name">
				<a href={url} onClick={(event) => follow(event, url)}>
					{workflow.name}
				</a>
			</td>
			<td>
				<StatusBadge status={workflow.status} />
			</td>
			<td class="date">{formatDate(workflow.createdAt)}</td>
			<td class="date">{formatDate(workflow.updatedAt)}</td>
		</tr>
	);
}
