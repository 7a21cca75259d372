// The signing page's dialogs: signature, a field's value, the final consent, refusing.
import { el } from './dom.js';
import { direction, t } from './i18n.js';
import { signatureLook } from './signature-look.js';

function buttons(...children) {
	return el('div', { class: 'dialog-buttons' }, ...children);
}

/** Shows a typed name as it will be stamped (font, and "?" for what the stamp cannot draw); true when characters were replaced. */
export function showTyped(node, text) {
	const look = signatureLook(text);
	node.textContent = look.text;
	node.classList.toggle('sans', look.sans);
	return look.text !== text.normalize('NFC').replace(/[\r\n\t]+/g, ' ');
}

/** The drawn signature cut to its strokes (plus a margin), so it fills its field as large as it can, as stamped. */
function trimmedPng(canvas) {
	const { width, height } = canvas;
	const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
	let left = width;
	let right = -1;
	let top = height;
	let bottom = -1;
	for (let y = 0; y < height; y += 1)
		for (let x = 0; x < width; x += 1)
			if (pixels[(y * width + x) * 4 + 3] > 0) {
				if (x < left) left = x;
				if (x > right) right = x;
				if (y < top) top = y;
				if (y > bottom) bottom = y;
			}
	const margin = Math.round(Math.max(width, height) * 0.02);
	const x = Math.max(0, left - margin);
	const y = Math.max(0, top - margin);
	const cut = document.createElement('canvas');
	cut.width = Math.min(width, right + margin + 1) - x;
	cut.height = Math.min(height, bottom + margin + 1) - y;
	cut.getContext('2d').drawImage(canvas, x, y, cut.width, cut.height, 0, 0, cut.width, cut.height);
	return cut.toDataURL('image/png').split(',')[1];
}

/**
 * Draw or type a signature (or initials). When the signer has other empty
 * fields of the same kind, it offers to use the signature for all of them.
 * `others(field)` counts those fields; `apply(field, value, toAll)` takes the result.
 */
export function signatureDialog({ others, apply }) {
	const canvas = el('canvas', { class: 'pad', 'aria-label': t('drawPad') });
	const typed = el('input', { type: 'text', id: 'typed-signature', maxlength: 100, placeholder: t('typedPlaceholder'), autocomplete: 'name', dir: 'auto', 'data-placeholder-dir': direction() });
	const preview = el('div', { class: 'preview', id: 'signature-preview', 'aria-live': 'polite', dir: 'auto' });
	const replaced = el('p', { class: 'note', id: 'preview-note', hidden: true }, t('typedReplaced'));
	const drawPanel = el('div', { id: 'draw-panel' }, canvas);
	const typePanel = el('div', { id: 'type-panel', hidden: true }, el('label', { for: 'typed-signature' }, t('typedLabel')), typed, preview, replaced);
	const toAll = el('input', { type: 'checkbox', id: 'apply-all', checked: true });
	const toAllText = el('span');
	const toAllRow = el('label', { class: 'apply-all', for: 'apply-all', hidden: true }, toAll, toAllText);
	const error = el('p', { class: 'error', role: 'alert' });
	let mode = 'draw';
	let pad;
	let field = null;
	const drawTab = el('button', { type: 'button', role: 'tab', 'aria-selected': 'true', id: 'tab-draw' }, t('drawTab'));
	const typeTab = el('button', { type: 'button', role: 'tab', 'aria-selected': 'false', id: 'tab-type' }, t('typeTab'));
	const resize = () => {
		const ratio = Math.max(window.devicePixelRatio || 1, 1);
		canvas.width = canvas.offsetWidth * ratio;
		canvas.height = canvas.offsetHeight * ratio;
		canvas.getContext('2d').scale(ratio, ratio);
		pad?.clear();
	};
	const select = (next) => {
		mode = next;
		drawTab.setAttribute('aria-selected', String(next === 'draw'));
		typeTab.setAttribute('aria-selected', String(next === 'type'));
		drawPanel.hidden = next !== 'draw';
		typePanel.hidden = next !== 'type';
		if (next === 'draw') resize();
	};
	drawTab.addEventListener('click', () => select('draw'));
	typeTab.addEventListener('click', () => select('type'));
	typed.addEventListener('input', () => {
		replaced.hidden = !showTyped(preview, typed.value);
		error.textContent = '';
	});
	const clear = el('button', { type: 'button', id: 'clear-signature' }, t('clear'));
	clear.addEventListener('click', () => {
		pad.clear();
		typed.value = '';
		replaced.hidden = !showTyped(preview, '');
	});
	const cancel = el('button', { type: 'button' }, t('cancel'));
	const applyButton = el('button', { type: 'button', class: 'primary', id: 'apply-signature' }, t('apply'));
	const title = el('h2', { id: 'signature-title' }, t('signatureTitle'));
	const dialog = el(
		'dialog',
		{ id: 'signature-dialog', 'aria-labelledby': 'signature-title' },
		title,
		el('div', { class: 'tabs', role: 'tablist' }, drawTab, typeTab),
		drawPanel,
		typePanel,
		toAllRow,
		error,
		buttons(clear, cancel, applyButton),
	);
	cancel.addEventListener('click', () => dialog.close());
	applyButton.addEventListener('click', () => {
		error.textContent = '';
		let value;
		if (mode === 'draw') {
			if (pad.isEmpty()) {
				error.textContent = t('drawFirst');
				return;
			}
			value = { type: 'drawn', pngBase64: trimmedPng(canvas) };
		} else {
			const text = typed.value.trim();
			if (!text) {
				error.textContent = t('typeFirst');
				return;
			}
			value = { type: 'typed', text };
		}
		apply(field, value, !toAllRow.hidden && toAll.checked);
		dialog.close();
	});
	return {
		dialog,
		open(next) {
			field = next;
			const initials = field.kind === 'initials';
			title.textContent = t(initials ? 'initialsTitle' : 'signatureTitle');
			const count = others(field);
			toAllRow.hidden = count === 0;
			toAll.checked = true;
			toAllText.textContent = t(initials ? 'applyToOtherInitials' : 'applyToOtherSignatures', { count });
			error.textContent = '';
			dialog.showModal();
			pad ??= new window.SignaturePad(canvas, { penColor: '#0b1f66' });
			select(mode);
		},
	};
}

/** A text or date field's value in a full-width input, for fields too small to type into on the page. */
export function fieldDialog({ apply }) {
	const title = el('h2', { id: 'field-title' });
	const input = el('input', { id: 'field-input' });
	const error = el('p', { class: 'error', role: 'alert' });
	const cancel = el('button', { type: 'button' }, t('cancel'));
	const ok = el('button', { type: 'button', class: 'primary', id: 'apply-field' }, t('ok'));
	const dialog = el('dialog', { id: 'field-dialog', 'aria-labelledby': 'field-title' }, title, el('label', { for: 'field-input', class: 'sr-only' }), input, error, buttons(cancel, ok));
	let field = null;
	cancel.addEventListener('click', () => dialog.close());
	const done = () => {
		apply(field, input.value);
		dialog.close();
	};
	ok.addEventListener('click', done);
	input.addEventListener('keydown', (event) => {
		if (event.key === 'Enter') done();
	});
	return {
		dialog,
		open(next, current) {
			field = next;
			title.textContent = field.label || t(field.kind === 'date' ? 'dateField' : 'textField');
			dialog.querySelector('label').textContent = title.textContent;
			input.type = field.kind === 'date' ? 'date' : 'text';
			input.dir = field.kind === 'text' ? 'auto' : '';
			if (field.kind === 'text') input.maxLength = 2000;
			else input.removeAttribute('maxlength');
			input.value = current ?? '';
			error.textContent = '';
			dialog.showModal();
			input.focus();
		},
	};
}

/** The last step: the consent text for the party's role, ticked, then sign (or approve). */
export function finishDialog({ approving, consentText, confirm }) {
	const consent = el('input', { type: 'checkbox', id: 'consent', name: 'consent' });
	const error = el('p', { class: 'error', role: 'alert' });
	const cancel = el('button', { type: 'button' }, t('back'));
	const submit = el('button', { type: 'button', class: 'primary', id: 'confirm-sign' }, t(approving ? 'approve' : 'sign'));
	const dialog = el(
		'dialog',
		{ id: 'finish-dialog', 'aria-labelledby': 'finish-title' },
		el('h2', { id: 'finish-title' }, t(approving ? 'approveTitle' : 'signTitle')),
		el('label', { class: 'consent', for: 'consent' }, consent, el('span', { id: 'consent-text' }, consentText)),
		error,
		buttons(cancel, submit),
	);
	cancel.addEventListener('click', () => dialog.close());
	consent.addEventListener('change', () => {
		if (consent.checked) error.textContent = '';
	});
	submit.addEventListener('click', async () => {
		error.textContent = '';
		if (!consent.checked) {
			error.textContent = t(approving ? 'consentMissingApprove' : 'consentMissingSign');
			return;
		}
		submit.disabled = true;
		try {
			await confirm();
		} catch (failure) {
			error.textContent = failure.message;
			submit.disabled = false;
		}
	});
	return { dialog, open: () => dialog.showModal() };
}

export function refuseDialog({ approving, confirm }) {
	const reason = el('textarea', { id: 'refuse-reason', rows: 4, maxlength: 2000, required: true, dir: 'auto' });
	const error = el('p', { class: 'error', role: 'alert' });
	const cancel = el('button', { type: 'button' }, t('cancel'));
	const submit = el('button', { type: 'button', class: 'danger', id: 'confirm-refuse' }, t(approving ? 'declineConfirm' : 'refuseConfirm'));
	const dialog = el(
		'dialog',
		{ id: 'refuse-dialog', 'aria-labelledby': 'refuse-title' },
		el('h2', { id: 'refuse-title' }, t(approving ? 'declineTitle' : 'refuseTitle')),
		el('p', {}, t('refuseExplanation')),
		el('label', { for: 'refuse-reason' }, t('reason')),
		reason,
		error,
		buttons(cancel, submit),
	);
	cancel.addEventListener('click', () => dialog.close());
	submit.addEventListener('click', async () => {
		error.textContent = '';
		if (!reason.value.trim()) {
			error.textContent = t(approving ? 'declineReasonMissing' : 'refuseReasonMissing');
			return;
		}
		submit.disabled = true;
		try {
			await confirm(reason.value);
		} catch (failure) {
			error.textContent = failure.message;
			submit.disabled = false;
		}
	});
	return { dialog, open: () => dialog.showModal() };
}
