// The signing page's two ways out for now: save what is filled in and finish later through the
// same link, or hand the document to someone else (when the sender allows it).
// Everything typed goes into the page as text, never as HTML.
import { el } from './dom.js';
import { formatMoment, t } from './i18n.js';

/** Puts a saved draft's values back before the fields are drawn; typed signatures are adopted again. */
export function restoreDraft(draft, values, adopted, fields) {
	if (!draft) return;
	const kinds = new Map(fields.map((field) => [field.id, field.kind]));
	for (const [id, value] of Object.entries(draft.values)) {
		if (!kinds.has(id)) continue;
		values[id] = value;
		if (value.type === 'typed') adopted[kinds.get(id)] ??= value;
	}
}

/** The "Save" button of the action bar and the line that says what happened. */
export function saveDraftAction({ values, save, savedAt }) {
	const status = el('p', { class: 'draft-status', role: 'status', id: 'draft-status' });
	if (savedAt) status.textContent = t('draftRestored', { savedAt: formatMoment(savedAt) });
	const button = el('button', { type: 'button', id: 'save-draft', title: t('saveHint') }, t('save'));
	button.addEventListener('click', async () => {
		button.disabled = true;
		status.classList.remove('error');
		status.textContent = t('saving');
		// A drawn signature is drawn again when signing: only what can be typed is kept.
		const kept = Object.fromEntries(Object.entries(values).filter(([, value]) => value.type !== 'drawn'));
		try {
			await save(kept);
			const drawnLeft = Object.keys(kept).length < Object.keys(values).length;
			status.textContent = t(drawnLeft ? 'savedDrawAgain' : 'saved');
		} catch (failure) {
			status.classList.add('error');
			status.textContent = failure.message;
		} finally {
			button.disabled = false;
		}
	});
	return { button, status };
}

/** A line under the introduction, offering to hand the document to someone else. */
export function delegateOffer(open) {
	const button = el('button', { type: 'button', id: 'delegate', class: 'link' }, t('delegateOffer'));
	button.addEventListener('click', open);
	return el('p', { class: 'meta delegate-offer' }, `${t('delegateQuestion')} `, button);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Name, email and reason of the person who takes the signer's place; `confirm` sends them. */
export function delegateDialog({ ownEmail, confirm }) {
	const name = el('input', { type: 'text', id: 'delegate-name', maxlength: 200, autocomplete: 'off', required: true, dir: 'auto' });
	const email = el('input', { type: 'email', id: 'delegate-email', maxlength: 320, autocomplete: 'off', required: true });
	const reason = el('textarea', { id: 'delegate-reason', rows: 3, maxlength: 1000, required: true, dir: 'auto' });
	const error = el('p', { class: 'error', role: 'alert' });
	const cancel = el('button', { type: 'button' }, t('cancel'));
	const submit = el('button', { type: 'button', class: 'primary', id: 'confirm-delegate' }, t('delegateConfirm'));
	const dialog = el(
		'dialog',
		{ id: 'delegate-dialog', 'aria-labelledby': 'delegate-title' },
		el('h2', { id: 'delegate-title' }, t('delegateTitle')),
		el('p', {}, t('delegateExplanation')),
		el('label', { for: 'delegate-name' }, t('delegateName')),
		name,
		el('label', { for: 'delegate-email' }, t('delegateEmail')),
		email,
		el('label', { for: 'delegate-reason' }, t('reason')),
		reason,
		error,
		el('div', { class: 'dialog-buttons' }, cancel, submit),
	);
	cancel.addEventListener('click', () => dialog.close());
	for (const field of [name, email, reason]) field.addEventListener('input', () => (error.textContent = ''));
	submit.addEventListener('click', async () => {
		error.textContent = '';
		const input = { name: name.value.trim(), email: email.value.trim(), reason: reason.value.trim() };
		if (!input.name) error.textContent = t('delegateNameMissing');
		else if (!EMAIL.test(input.email)) error.textContent = t('delegateEmailMissing');
		else if (input.email.toLowerCase() === ownEmail.toLowerCase()) error.textContent = t('delegateOwnEmail');
		else if (!input.reason) error.textContent = t('delegateReasonMissing');
		if (error.textContent) return;
		submit.disabled = true;
		try {
			await confirm(input);
			dialog.close();
		} catch (failure) {
			error.textContent = failure.message;
			submit.disabled = false;
		}
	});
	return { dialog, open: () => dialog.showModal() };
}

/** What the page shows once the signer has handed over: their link no longer works. */
export function delegatedCard(delegate) {
	return el(
		'section',
		{ class: 'card status status-delegated', 'data-state': 'delegated' },
		el('h1', {}, t('delegatedTitle')),
		el('p', {}, t('delegatedTo', { name: delegate.name, email: delegate.email })),
		el('p', {}, t('delegatedLinkEnded')),
	);
}
