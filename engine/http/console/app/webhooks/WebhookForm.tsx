import { useState } from 'preact/hooks';
import { api, errorText } from '../api';
import { Alert } from '../Feedback';
import { texts as shared } from '../texts';
import { webhookTexts as texts } from './texts';
import type { Webhook } from './types';

/** Creates a configuration (POST /webhooks) or changes one (PATCH /webhooks/{id}): what the API takes, nothing more. */
export function WebhookForm(props: { webhook?: Webhook; onSaved: (webhook: Webhook) => void; onCancel: () => void }) {
	const editing = props.webhook;
	const [name, setName] = useState(editing?.name ?? '');
	const [url, setUrl] = useState(editing?.url ?? '');
	const [events, setEvents] = useState(editing ? editing.events.join(', ') : '*');
	const [auth, setAuth] = useState<'keep' | 'hmac' | 'none'>(editing ? 'keep' : 'hmac');
	const [enabled, setEnabled] = useState(true);
	const [error, setError] = useState('');
	const [working, setWorking] = useState(false);

	const submit = async (event: Event) => {
		event.preventDefault();
		setWorking(true);
		setError('');
		const body: Record<string, unknown> = {
			name: name.trim(),
			url: url.trim(),
			events: events
				.split(',')
				.map((type) => type.trim())
				.filter(Boolean),
		};
		if (auth !== 'keep') body.auth = { type: auth };
		if (!editing) body.enabled = enabled;
		try {
			props.onSaved(await api<Webhook>(editing ? 'PATCH' : 'POST', editing ? `/webhooks/${editing.id}` : '/webhooks', body));
		} catch (failure) {
			setError(errorText(failure, shared.errors.generic));
		}
		setWorking(false);
	};

	const title = editing ? texts.form.editTitle : texts.form.createTitle;
	return (
		<form class="card webhook-form" aria-label={title} onSubmit={submit}>
			<h2>{title}</h2>
			<label>
				<span>{texts.form.name}</span>
				<input name="name" required maxLength={200} value={name} onInput={(event) => setName((event.target as HTMLInputElement).value)} />
			</label>
			<label>
				<span>{texts.form.url}</span>
				<input name="url" type="url" required value={url} placeholder="https://" onInput={(event) => setUrl((event.target as HTMLInputElement).value)} />
				<small class="muted">{texts.form.urlHint}</small>
			</label>
			<label>
				<span>{texts.form.events}</span>
				<input name="events" value={events} onInput={(event) => setEvents((event.target as HTMLInputElement).value)} />
				<small class="muted">{texts.form.eventsHint}</small>
			</label>
			<label>
				<span>{texts.form.auth}</span>
				<select name="auth" value={auth} onChange={(event) => setAuth((event.target as HTMLSelectElement).value as typeof auth)}>
					{editing && <option value="keep">{texts.form.authKeep}</option>}
					<option value="hmac">{texts.form.authHmac}</option>
					<option value="none">{texts.form.authNone}</option>
				</select>
			</label>
			{!editing && (
				<label class="check">
					<input name="enabled" type="checkbox" checked={enabled} onChange={(event) => setEnabled((event.target as HTMLInputElement).checked)} />
					<span>{texts.form.enabled}</span>
				</label>
			)}
			<Alert text={error} />
			<div class="actions">
				<button type="submit" class="primary" disabled={working}>
					{working ? texts.form.saving : editing ? texts.form.save : texts.form.create}
				</button>
				<button type="button" disabled={working} onClick={props.onCancel}>
					{texts.form.cancel}
				</button>
			</div>
		</form>
	);
}

/** A new HMAC secret, shown once. */
export function SecretNotice(props: { secret: string }) {
	return (
		<div class="card secret" role="status">
			<p>{texts.form.secret}</p>
			<code>{props.secret}</code>
		</div>
	);
}
