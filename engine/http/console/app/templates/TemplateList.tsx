import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText } from '../api';
import { editorTexts } from '../editor/editorTexts';
import '../editor/editor.css';
import { Alert } from '../Feedback';
import { formatDate } from '../format';
import { follow, navigate } from '../router';
import { texts } from '../texts';

interface TemplateSummary {
	id: string;
	name: string;
	updatedAt: string;
	roles: Array<{ id: string; name: string }>;
	signatures: unknown[];
	annotations: unknown[];
}

const SEARCH_DELAY_MS = 300;

/** The organization's templates: a name search (kept in the address), and New template. */
export function TemplateList(props: { query: URLSearchParams }) {
	const q = props.query.get('q') ?? '';
	const [typed, setTyped] = useState(q);
	const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
	const [error, setError] = useState('');
	const [creating, setCreating] = useState(false);
	const [name, setName] = useState('');
	const [working, setWorking] = useState(false);
	const searchTimer = useRef<number | undefined>(undefined);
	const t = editorTexts.templates;

	useEffect(() => {
		let current = true;
		setError('');
		const params = new URLSearchParams({ limit: '100' });
		if (q) params.set('q', q);
		api<{ data: TemplateSummary[] }>('GET', `/templates?${params.toString()}`).then(
			(page) => current && setTemplates(page.data),
			(failure: unknown) => current && setError(errorText(failure, texts.errors.network)),
		);
		return () => {
			current = false;
		};
	}, [q]);

	const onSearch = (value: string) => {
		setTyped(value);
		clearTimeout(searchTimer.current);
		searchTimer.current = window.setTimeout(() => navigate(`/console/templates${value.trim() ? `?q=${encodeURIComponent(value.trim())}` : ''}`, true), SEARCH_DELAY_MS);
	};

	const create = async (event: Event) => {
		event.preventDefault();
		setWorking(true);
		setError('');
		try {
			const made = await api<{ id: string }>('POST', '/templates', { name: name.trim() });
			navigate(`/console/templates/${made.id}`);
		} catch (failure) {
			setError(errorText(failure, texts.errors.generic));
		}
		setWorking(false);
	};

	return (
		<section class="templates">
			<div class="toolbar">
				<h1>{t.title}</h1>
				<div class="filters">
					<input type="search" class="search" aria-label={t.search} placeholder={t.search} value={typed} onInput={(event) => onSearch((event.target as HTMLInputElement).value)} />
					<button type="button" class="primary" onClick={() => setCreating(true)}>
						{t.create}
					</button>
				</div>
			</div>
			{creating && (
				<form class="card new-template" onSubmit={create}>
					<label for="template-name">{t.newName}</label>
					<input id="template-name" value={name} maxLength={200} autoFocus onInput={(event) => setName((event.target as HTMLInputElement).value)} />
					<button type="submit" class="primary" disabled={working || !name.trim()}>
						{t.createSubmit}
					</button>
					<button type="button" onClick={() => setCreating(false)}>
						{t.createCancel}
					</button>
				</form>
			)}
			<Alert text={error} />
			{!templates && !error && <p class="muted">{texts.list.loading}</p>}
			{templates && templates.length === 0 && <p class="empty">{q ? t.noMatch : t.empty}</p>}
			{templates && templates.length > 0 && (
				<table class="list">
					<thead>
						<tr>
							<th>{t.name}</th>
							<th>{t.roles}</th>
							<th class="count">{t.fields}</th>
							<th class="date">{t.updated}</th>
						</tr>
					</thead>
					<tbody>
						{templates.map((template) => {
							const url = `/console/templates/${template.id}`;
							return (
								<tr key={template.id}>
									<td class="name">
										<a href={url} onClick={(event) => follow(event, url)}>
											{template.name}
										</a>
									</td>
									<td class="template-roles">{template.roles.map((role) => role.name).join(', ')}</td>
									<td class="count">{t.fieldCount(template.signatures.length + template.annotations.length)}</td>
									<td class="date">{formatDate(template.updatedAt)}</td>
								</tr>
							);
						})}
					</tbody>
				</table>
			)}
		</section>
	);
}
