import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api';
import { Notice } from './Feedback';
import { fieldErrorsOf } from './fieldErrors';
import { formatDate } from './format';
import { settingsTexts } from './settingsTexts';
import { texts } from './texts';

interface ApiKey {
	id: string;
	name: string;
	mode: 'live' | 'test';
	prefix: string;
	createdAt: string;
	revokedAt: string | null;
	lastUsedAt: string | null;
}

const t = settingsTexts.apiKeys;

/** The organization's keys: made (shown once), revoked (never the last active one: the engine says so), rotated. */
export function ApiKeySettings() {
	const [keys, setKeys] = useState<ApiKey[] | null>(null);
	const [created, setCreated] = useState<{ name: string; apiKey: string } | null>(null);
	const [copied, setCopied] = useState(false);
	const [confirming, setConfirming] = useState<{ key: ApiKey; action: 'revoke' | 'rotate' } | null>(null);
	const [name, setName] = useState('');
	const [mode, setMode] = useState<'live' | 'test'>('live');
	const [errors, setErrors] = useState<Record<string, string>>({});
	const [notice, setNotice] = useState('');
	const [working, setWorking] = useState(false);

	const load = async () => {
		try {
			setKeys((await api<{ data: ApiKey[] }>('GET', '/api-keys')).data);
		} catch (failure) {
			setErrors({ '': errorText(failure, texts.errors.network) });
		}
	};
	useEffect(() => void load(), []);

	const run = async (action: () => Promise<void>) => {
		setWorking(true);
		setErrors({});
		setNotice('');
		try {
			await action();
		} catch (failure) {
			setErrors(fieldErrorsOf(failure));
		} finally {
			setWorking(false);
			setConfirming(null);
			await load();
		}
	};
	const show = (key: { name: string; apiKey: string }) => {
		setCreated({ name: key.name, apiKey: key.apiKey });
		setCopied(false);
	};
	const create = (event: Event) => {
		event.preventDefault();
		void run(async () => {
			show(await api<{ name: string; apiKey: string }>('POST', '/api-keys', { name, mode }));
			setName('');
		});
	};
	const confirm = () => {
		if (!confirming) return;
		const { key, action } = confirming;
		void run(async () => {
			if (action === 'revoke') {
				await api('DELETE', `/api-keys/${key.id}`);
				setNotice(t.revoked(key.name));
			} else show(await api<{ name: string; apiKey: string }>('POST', `/api-keys/${key.id}/rotate`));
		});
	};
	const copy = async () => {
		if (!created) return;
		await navigator.clipboard.writeText(created.apiKey);
		setCopied(true);
	};

	return (
		<div class="api-keys">
			<p class="muted">{t.intro}</p>
			{created && (
				<section class="card new-key" aria-live="polite">
					<p class="warning">{t.shownOnce}</p>
					<div class="key-row">
						<code class="secret" data-testid="new-api-key">
							{created.apiKey}
						</code>
						<button type="button" onClick={copy}>
							{copied ? t.copied : t.copy}
						</button>
					</div>
					<button type="button" class="quiet" onClick={() => setCreated(null)}>
						{t.done}
					</button>
				</section>
			)}
			{errors[''] && (
				<p class="error" role="alert">
					{errors['']}
				</p>
			)}
			<Notice text={notice} />
			{confirming && (
				<div class="confirm card" role="alertdialog" aria-label={confirming.action === 'revoke' ? t.revoke : t.rotate}>
					<p>{confirming.action === 'revoke' ? t.revokeConfirm(confirming.key.name) : t.rotateConfirm(confirming.key.name)}</p>
					<button type="button" class="danger" disabled={working} onClick={confirm}>
						{confirming.action === 'revoke' ? t.revokeYes : t.rotateYes}
					</button>{' '}
					<button type="button" onClick={() => setConfirming(null)}>
						{t.keep}
					</button>
				</div>
			)}
			{keys === null ? (
				<p class="muted">{texts.list.loading}</p>
			) : (
				<table class="list key-list">
					<thead>
						<tr>
							<th>{t.prefix}</th>
							<th>{t.name}</th>
							<th>{t.mode}</th>
							<th>{t.created}</th>
							<th>{t.lastUsed}</th>
							<th>{t.status}</th>
							<th />
						</tr>
					</thead>
					<tbody>
						{keys.map((key) => (
							<tr key={key.id} data-key-id={key.id} class={key.revokedAt ? 'revoked' : ''}>
								<td>
									<code>{key.prefix}…</code>
								</td>
								<td class="name">{key.name}</td>
								<td>{key.mode === 'live' ? t.live : t.test}</td>
								<td class="date">{formatDate(key.createdAt)}</td>
								<td class="date">{key.lastUsedAt ? formatDate(key.lastUsedAt) : t.never}</td>
								<td>{key.revokedAt ? t.revokedOn(formatDate(key.revokedAt)) : t.active}</td>
								<td class="key-actions">
									{!key.revokedAt && (
										<>
											<button type="button" onClick={() => setConfirming({ key, action: 'rotate' })}>
												{t.rotate}
											</button>
											<button type="button" class="danger" onClick={() => setConfirming({ key, action: 'revoke' })}>
												{t.revoke}
											</button>
										</>
									)}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			)}
			<form class="card create-key" onSubmit={create}>
				<h2>{t.create}</h2>
				<div class="create-row">
					<div class="field">
						<label for="key-name">{t.newName}</label>
						<input id="key-name" value={name} maxLength={100} placeholder={t.newNamePlaceholder} onInput={(event) => setName(event.currentTarget.value)} />
					</div>
					<div class="field">
						<label for="key-mode">{t.mode}</label>
						<select id="key-mode" value={mode} onChange={(event) => setMode(event.currentTarget.value as 'live' | 'test')}>
							<option value="live">{t.live}</option>
							<option value="test">{t.test}</option>
						</select>
					</div>
					<button type="submit" class="primary" disabled={working}>
						{t.create}
					</button>
				</div>
				{errors.name && (
					<p class="field-error" role="alert">
						{errors.name}
					</p>
				)}
			</form>
		</div>
	);
}
