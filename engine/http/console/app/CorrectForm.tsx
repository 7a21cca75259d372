import { useState } from 'preact/hooks';
import { api, ApiError, errorText } from './api';
import { Alert } from './Feedback';
import { texts } from './texts';
import type { Signer, WorkflowDetail } from './types';

const WAITING = new Set(['pending', 'active', 'notified']);

/** What the form holds per signer who has not acted yet: their name and email as typed. */
type Edits = Record<string, { name: string; email: string }>;

/**
 * Correct a sent workflow (POST /workflows/{id}/correct): the message, and the name or email of
 * a signer who has not acted. Only what changed is sent; a changed name or email gives that
 * signer a new link, which the form says before it is sent.
 */
export function CorrectForm(props: { workflow: WorkflowDetail; onDone: () => void; onClose: () => void }) {
	const { workflow } = props;
	const waiting = workflow.signers.filter((signer) => WAITING.has(signer.status));
	const [message, setMessage] = useState(workflow.message ?? '');
	const [edits, setEdits] = useState<Edits>(() => Object.fromEntries(waiting.map((signer) => [signer.id, { name: signer.name, email: signer.email }])));
	const [error, setError] = useState('');
	const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
	const [working, setWorking] = useState(false);

	const edit = (signer: Signer, key: 'name' | 'email', value: string) => {
		setEdits({ ...edits, [signer.id]: { ...edits[signer.id], [key]: value } });
		// The refusal was of what was typed before.
		if (fieldErrors[`${signer.id}.${key}`]) setFieldErrors({ ...fieldErrors, [`${signer.id}.${key}`]: '' });
	};

	const submit = async (event: Event) => {
		event.preventDefault();
		const signers = waiting.flatMap((signer) => {
			const typed = edits[signer.id];
			const change: { id: string; name?: string; email?: string } = { id: signer.id };
			if (typed.name.trim() !== signer.name) change.name = typed.name.trim();
			if (typed.email.trim() !== signer.email) change.email = typed.email.trim();
			return change.name === undefined && change.email === undefined ? [] : [change];
		});
		const body: { message?: string | null; signers?: Array<{ id: string; name?: string; email?: string }> } = {};
		if (message.trim() !== (workflow.message ?? '')) body.message = message.trim() === '' ? null : message.trim();
		if (signers.length) body.signers = signers;
		if (body.message === undefined && !body.signers) {
			setError(texts.correct.nothingChanged);
			return;
		}
		setWorking(true);
		setError('');
		setFieldErrors({});
		try {
			await api('POST', `/workflows/${workflow.id}/correct`, body);
			props.onDone();
		} catch (failure) {
			setError(errorText(failure, texts.errors.generic));
			// The API names the field it refuses (signers.0.email): shown beside that input.
			if (failure instanceof ApiError) {
				const byPath: Record<string, string> = {};
				for (const detail of failure.details) {
					const match = /^signers\.(\d+)\.(name|email)$/.exec(detail.path);
					const sent = match ? body.signers?.[Number(match[1])] : undefined;
					if (match && sent) byPath[`${sent.id}.${match[2]}`] = detail.message;
					else if (detail.path === 'message') byPath.message = detail.message;
				}
				setFieldErrors(byPath);
			}
		}
		setWorking(false);
	};

	return (
		<form class="correct card" onSubmit={submit} aria-label={texts.correct.title} noValidate>
			<h2>{texts.correct.title}</h2>
			<p class="muted">{texts.correct.intro}</p>
			{waiting.map((signer) => (
				<fieldset key={signer.id} class="correct-signer">
					<legend>{signer.name}</legend>
					<label>
						{texts.correct.name}
						<input value={edits[signer.id].name} onInput={(event) => edit(signer, 'name', event.currentTarget.value)} aria-invalid={Boolean(fieldErrors[`${signer.id}.name`])} />
						{fieldErrors[`${signer.id}.name`] && <span class="error">{fieldErrors[`${signer.id}.name`]}</span>}
					</label>
					<label>
						{texts.correct.email}
						<input type="email" value={edits[signer.id].email} onInput={(event) => edit(signer, 'email', event.currentTarget.value)} aria-invalid={Boolean(fieldErrors[`${signer.id}.email`])} />
						{fieldErrors[`${signer.id}.email`] && <span class="error">{fieldErrors[`${signer.id}.email`]}</span>}
					</label>
				</fieldset>
			))}
			<label>
				{texts.correct.message}
				<textarea rows={3} value={message} onInput={(event) => setMessage(event.currentTarget.value)} />
				{fieldErrors.message && <span class="error">{fieldErrors.message}</span>}
			</label>
			<p class="muted hint">{texts.correct.newLinkHint}</p>
			<Alert text={error} />
			<div class="actions">
				<button type="submit" class="primary" disabled={working}>
					{texts.correct.submit}
				</button>
				<button type="button" disabled={working} onClick={props.onClose}>
					{texts.correct.close}
				</button>
			</div>
		</form>
	);
}
