// The signing page: shows the documents with pdf.js, with what other parties
// already filled in and signed drawn in place; lets the signer fill their
// fields, draw or type a signature (once for all their signature fields if
// they like), consent, then sign, or refuse. An approver approves.
// Everything sender- or signer-typed is put into the page as text, never as HTML.
import * as pdfjs from '/sign/assets/pdf.min.mjs';
import { el, fitWidth } from './dom.js';
import { embedding } from './embed.js';
import { direction, directionOfText, errorText, fetchMessages, formatDateValue, formatMoment, t, useMessages } from './i18n.js';
import { loadSignatureCoverage } from './signature-look.js';
import { fieldDialog, finishDialog, refuseDialog, showTyped, signatureDialog } from './signing-dialogs.js';
import { delegateDialog, delegatedCard, delegateOffer, restoreDraft, saveDraftAction } from './signing-later.js';

// The page's inline boot script (pages.ts) has started the worker and the document downloads and
// carries the session. Without it (a page from before an upgrade), the app fetches them itself.
const boot = window.signflowBoot ?? null;
if (boot) pdfjs.GlobalWorkerOptions.workerPort = boot.worker;
else pdfjs.GlobalWorkerOptions.workerSrc = '/sign/assets/pdf.worker.min.mjs';

const base = location.pathname.replace(/\/+$/, '');
const embed = embedding(boot?.embed);
// Inside another site's frame the page carries the signer's access grant (its cookie is not sent there).
const accessHeader = boot?.access ? { 'x-signflow-access': boot.access } : {};
const app = document.getElementById('app');
const values = {}; // field id -> value as POST /sign takes it
const adopted = {}; // signature kind -> the value the signer adopted
let session;
let dialogs;
/** What the alert in the action bar says: 'missing' fields, or an error; it is kept up to date or cleared. */
let alertKind = null;
/** The font coverage for typed-signature previews: needed once fields are drawn, not before. */
let coverageLoaded;
let viewRecorded = false;

async function api(path, body) {
	let response;
	try {
		response = await fetch(base + path, {
			method: body ? 'POST' : 'GET',
			credentials: 'same-origin',
			headers: { ...accessHeader, ...(body ? { 'content-type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined,
		});
	} catch {
		throw Object.assign(new Error(errorText('network', 0)), { status: 0 });
	}
	const data = await response.json().catch(() => ({}));
	// The engine's message is English, for API clients: the signer reads what its code means, in their language.
	if (!response.ok) throw Object.assign(new Error(errorText(data.error?.code, response.status)), { data, status: response.status });
	return data;
}

/** The page in the session's language: its texts, and <html lang dir> where the server has not set them. */
async function useLanguage() {
	useMessages(boot?.messages ?? (await fetchMessages(session.locale)), session.locale);
	const root = document.documentElement;
	if (!root.hasAttribute('dir')) {
		root.lang = session.locale;
		root.dir = direction(session.locale);
	}
}

const approving = () => session.signer.role === 'approver';

async function main() {
	coverageLoaded = loadSignatureCoverage();
	try {
		session = boot ? boot.session : await api('/session');
	} catch {
		location.reload();
		return;
	}
	if (session.state !== 'ready' && session.state !== 'view_only') {
		location.reload();
		return;
	}
	await useLanguage();
	app.dataset.state = session.state;
	app.dataset.role = session.signer.role;
	restoreDraft(session.draft, values, adopted, session.fields);
	app.replaceChildren(intro(), ...session.files.map(fileSection));
	if (session.state === 'ready') {
		dialogs = {
			signature: signatureDialog({ others: otherEmptyFields, apply: applySignature }),
			field: fieldDialog({ apply: (field, value) => setValue(field, { type: field.kind, value }) }),
			finish: finishDialog({
				approving: approving(),
				consentText: session.consentText,
				confirm: () => act('/sign', { consent: true, values, locale: session.locale }, 'signed', 'signed'),
			}),
			refuse: refuseDialog({
				approving: approving(),
				confirm: (reason) => act('/refuse', { reason }, 'refused', approving() ? 'declined' : 'refused'),
			}),
		};
		if (session.canDelegate) {
			dialogs.delegate = delegateDialog({ ownEmail: session.signer.email, confirm: delegate });
			app.querySelector('.intro').append(delegateOffer(dialogs.delegate.open));
		}
		document.documentElement.classList.add('has-actions');
		document.body.append(actionBar(), ...Object.values(dialogs).map((dialog) => dialog.dialog));
		updateProgress();
	}
	embed.post('loaded');
	await Promise.all(session.files.map(loadFile));
}

/** Signs or refuses; tells a framing page, then shows the outcome, or goes to the sender's redirect address outside a frame. */
async function act(path, body, event, outcome) {
	try {
		await api(path, body);
	} catch (error) {
		embed.post('error');
		throw error;
	}
	embed.post(event);
	const redirect = embed.redirectAfter(outcome);
	if (redirect) location.assign(redirect);
	else location.reload();
}

/** Hands the signer's place over; the page then says so (a reload would find the link no longer valid). */
async function delegate(input) {
	const result = await api('/delegate', input);
	document.querySelector('.actions')?.remove();
	document.documentElement.classList.remove('has-actions');
	app.dataset.state = 'delegated';
	app.replaceChildren(delegatedCard(result.delegate));
}

/** Records that the signer has seen the document (signer.viewed), once the page shows it: not when a link checker fetches the HTML. */
function recordView() {
	if (viewRecorded) return;
	viewRecorded = true;
	api('/viewed', {}).catch(() => {});
}

function intro() {
	const { workflow, organization, signer } = session;
	const ask = t(session.state === 'view_only' ? 'introView' : approving() ? 'introApprove' : 'introSign', { organization: organization.name });
	return el(
		'section',
		{ class: 'intro' },
		el('h1', {}, workflow.name),
		el('p', { class: 'meta' }, ask),
		el('p', { class: 'meta' }, t('introFor', { name: signer.name, email: signer.email })),
		workflow.message ? el('p', { class: 'message' }, workflow.message) : null,
		session.completed.length > 0
			? el('p', { class: 'meta completed-note' }, t('completedNote'))
			: null,
		workflow.expiresAt ? el('p', { class: 'meta' }, t('deadline', { deadline: formatMoment(workflow.expiresAt, workflow.timeZone) })) : null,
	);
}

function pageSize(page) {
	const turned = page.rotation === 90 || page.rotation === 270;
	return turned ? { width: page.height, height: page.width } : { width: page.width, height: page.height };
}

function fileSection(file) {
	return el(
		'section',
		{ class: 'file', 'data-file': file.id },
		el('h2', {}, file.name),
		file.pages.map((page, index) => {
			const { width, height } = pageSize(page);
			const node = el('div', { class: 'page', 'data-page': index + 1 }, el('span', { class: 'label' }, t('pageNumber', { page: index + 1, pages: file.pageCount })));
			node.style.aspectRatio = `${width} / ${height}`;
			node.style.maxWidth = `${Math.round(width * 1.5)}px`;
			return node;
		}),
	);
}

async function loadFile(file) {
	const data = boot ? await boot.documents[file.id] : null;
	const document_ = await pdfjs.getDocument({
		...(data ? { data } : { url: `${base}/document/${file.id}`, withCredentials: true, httpHeaders: accessHeader }),
		isEvalSupported: false,
		standardFontDataUrl: '/sign/assets/standard_fonts/',
		cMapUrl: '/sign/assets/cmaps/',
		cMapPacked: true,
		wasmUrl: '/sign/assets/wasm/',
	}).promise;
	const section = app.querySelector(`[data-file="${file.id}"]`);
	const observer = new IntersectionObserver(
		(entries) => {
			for (const entry of entries) {
				if (!entry.isIntersecting) continue;
				observer.unobserve(entry.target);
				renderPage(document_, file, entry.target).catch((error) => console.error(error));
			}
		},
		{ rootMargin: '800px 0px' },
	);
	for (const node of section.querySelectorAll('.page')) observer.observe(node);
}

async function renderPage(document_, file, node) {
	const number = Number(node.dataset.page);
	const page = await document_.getPage(number);
	const cssWidth = node.clientWidth;
	const viewport = page.getViewport({ scale: cssWidth / page.getViewport({ scale: 1 }).width });
	const ratio = window.devicePixelRatio || 1;
	const canvas = el('canvas', { width: Math.floor(viewport.width * ratio), height: Math.floor(viewport.height * ratio) });
	await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport, transform: ratio === 1 ? null : [ratio, 0, 0, ratio, 0, 0] }).promise;
	await coverageLoaded;
	const layer = el('div', { class: 'layer' });
	const here = (item) => item.fileId === file.id && item.page === number;
	for (const item of session.fixed.filter(here)) layer.append(fixedItem(item, viewport));
	for (const item of session.completed.filter(here)) layer.append(completedItem(item, viewport));
	for (const field of session.fields.filter(here)) layer.append(fieldItem(field, viewport));
	node.prepend(canvas);
	node.append(layer);
	node.dataset.rendered = 'true';
	recordView();
}

/** A PDF box (points, bottom-left origin) as CSS pixels on the rendered page, rotation included. */
function place(node, box, viewport) {
	const [x1, y1, x2, y2] = viewport.convertToViewportRectangle([box.x, box.y, box.x + box.width, box.y + box.height]);
	node.style.left = `${Math.min(x1, x2)}px`;
	node.style.top = `${Math.min(y1, y2)}px`;
	node.style.width = `${Math.abs(x2 - x1)}px`;
	node.style.height = `${Math.abs(y2 - y1)}px`;
	return node;
}

function fixedItem(item, viewport) {
	const text = item.type === 'checkbox' ? (item.value ? '☑' : '☐') : String(item.value ?? '');
	const node = place(el('div', { class: 'fixed' }, text), item, viewport);
	node.style.fontSize = `${item.fontSize * viewport.scale}px`;
	return node;
}

/** A value another party filled in or signed, drawn where (and about as large as) the stamp will put it. */
function completedItem(item, viewport) {
	const { value } = item;
	const signature = item.kind === 'signature' || item.kind === 'initials';
	let content;
	if (value.type === 'drawn') content = el('img', { src: `data:image/png;base64,${value.pngBase64}`, alt: t('signatureOf', { name: item.by }) });
	else if (value.type === 'typed') {
		content = el('span', { class: 'typed' });
		showTyped(content, value.text);
	} else if (value.type === 'checkbox') content = el('span', {}, value.checked ? '☑' : '☐');
	else content = el('span', { class: 'text', dir: 'auto' }, value.text);
	const node = place(el('div', { class: `completed ${signature ? 'sig' : item.kind}`, title: t(signature ? 'signedBy' : 'filledInBy', { name: item.by }) }, content), item, viewport);
	const points = signature ? item.height * 0.55 : Math.min(item.fontSize ?? 11, item.height * 0.8);
	node.style.fontSize = `${points * viewport.scale}px`;
	if (value.type !== 'drawn') fitWidth(content);
	return node;
}

/** Too small to type into where it is (a phone): the field opens a dialog with a full-size input instead. */
function needsDialog(field, viewport) {
	const width = field.width * viewport.scale;
	const height = field.height * viewport.scale;
	return height < 24 || width < (field.kind === 'date' ? 170 : 60);
}

function fieldItem(field, viewport) {
	let node;
	if (field.kind === 'signature' || field.kind === 'initials') {
		node = el('button', { type: 'button', class: 'field sig', 'data-field': field.id, 'aria-label': t(field.kind === 'initials' ? 'initialsField' : 'signatureField') });
		node.addEventListener('click', () => {
			if (adopted[field.kind] && !values[field.id]) setValue(field, adopted[field.kind]);
			else dialogs.signature.open(field);
		});
	} else if (field.kind === 'checkbox') {
		node = el('label', { class: 'field check', 'data-field': field.id });
		const input = el('input', { type: 'checkbox', 'aria-label': field.label || t('checkboxField') });
		input.checked = values[field.id]?.value === true;
		input.addEventListener('change', () => setValue(field, { type: 'checkbox', value: input.checked }));
		node.append(input);
	} else if (needsDialog(field, viewport)) {
		node = el('button', { type: 'button', class: `field entry ${field.kind}`, 'data-field': field.id, 'aria-label': field.label || kindName(field) });
		node.addEventListener('click', () => dialogs.field.open(field, values[field.id]?.value));
	} else {
		node = el('label', { class: `field ${field.kind}`, 'data-field': field.id });
		const input = el('input', {
			type: field.kind === 'date' ? 'date' : 'text',
			placeholder: field.label || kindName(field),
			'aria-label': field.label || kindName(field),
			// The page's direction lays out the page around the document; what is typed runs its own way,
			// and the label shown while it is empty its own (signing.css).
			dir: field.kind === 'text' ? 'auto' : null,
			'data-placeholder-dir': field.kind === 'text' ? directionOfText(field.label || kindName(field)) : null,
			maxlength: field.kind === 'text' ? 2000 : null,
		});
		input.value = values[field.id]?.value ?? '';
		input.addEventListener('input', () => setValue(field, { type: field.kind, value: input.value }));
		node.append(input);
	}
	place(node, field, viewport);
	node.style.fontSize = `${Math.max(10, field.height * viewport.scale * 0.55)}px`;
	// A small box gets a thin border, so what is inside stays readable.
	if (field.height * viewport.scale < 20 || field.width * viewport.scale < 20) node.classList.add('tight');
	show(node, field);
	return node;
}

/** What a text or date field is called when the sender gave it no label. */
function kindName(field) {
	return t(field.kind === 'date' ? 'dateField' : 'textField');
}

/** A field's look for its value: a signature, or the entered text or date on a field that opens a dialog. */
function show(node, field) {
	const value = values[field.id];
	if (node.classList.contains('sig')) {
		node.classList.toggle('filled', Boolean(value));
		if (!value) {
			// "Hier unterschreiben" is longer than "Sign here": the prompt shrinks to fit its box.
			const prompt = el('span', { class: 'prompt' }, t(field.kind === 'initials' ? 'initialsHere' : 'signHere'));
			node.replaceChildren(prompt);
			fitWidth(prompt);
		} else if (value.type === 'drawn') node.replaceChildren(el('img', { src: `data:image/png;base64,${value.pngBase64}`, alt: t('yourSignatureImage') }));
		else {
			const typed = el('span', { class: 'typed' });
			showTyped(typed, value.text);
			node.replaceChildren(typed);
			fitWidth(typed);
		}
	} else if (node.classList.contains('entry')) {
		const text = value?.value ? (field.kind === 'date' ? formatDateValue(value.value) : value.value) : '';
		node.classList.toggle('filled', Boolean(text));
		node.replaceChildren(el('span', { class: text ? 'value' : 'placeholder', dir: 'auto' }, text || field.label || kindName(field)));
	} else node.classList.toggle('filled', field.kind === 'checkbox' ? value?.value === true : Boolean(value?.value));
}

function setValue(field, value) {
	values[field.id] = value;
	if (value.type === 'drawn' || value.type === 'typed') adopted[field.kind] = value;
	for (const node of document.querySelectorAll(`[data-field="${field.id}"]`)) show(node, field);
	updateProgress();
}

/** The signer's other fields of this kind that have no signature yet. */
function otherEmptyFields(field) {
	return session.fields.filter((other) => other.kind === field.kind && other.id !== field.id && !values[other.id]).length;
}

function applySignature(field, value, toAll) {
	setValue(field, value);
	if (!toAll) return;
	for (const other of session.fields) if (other.kind === field.kind && !values[other.id]) setValue(other, value);
}

function missingFields() {
	return session.fields.filter((field) => {
		if (!field.required) return false;
		const value = values[field.id];
		if (!value) return true;
		if (field.kind === 'checkbox') return value.value !== true;
		if (field.kind === 'text' || field.kind === 'date') return !String(value.value).trim();
		return false;
	});
}

function fieldsLeft(count) {
	return t('fieldsLeft', { count });
}

/** A line of the progress in a long and a short wording (the short one on a phone: signing.css). */
function progressText(long, short) {
	return [el('span', { class: 'long' }, long), el('span', { class: 'short' }, short)];
}

/** The count of required fields done, and the alert about missing ones, as they are now. */
function updateProgress() {
	const progress = document.querySelector('.actions .progress');
	if (!progress) return;
	const required = session.fields.filter((field) => field.required).length;
	const missing = missingFields();
	const done = required - missing.length;
	if (required === 0) progress.replaceChildren(...(approving() ? progressText(t('progressReview'), t('progressReviewShort')) : []));
	else if (missing.length === 0) progress.replaceChildren(el('strong', {}, ...progressText(t('progressAllDone'), t('progressAllDoneShort'))));
	else progress.replaceChildren(...progressText(t('progressCount', { done, total: required }), t('progressCountShort', { done, total: required })));
	const stillMissing = new Set(missing.map((field) => field.id));
	for (const node of document.querySelectorAll('.field.missing')) if (!stillMissing.has(node.dataset.field)) node.classList.remove('missing');
	if (alertKind === 'missing') setAlert(missing.length > 0 ? 'missing' : null, missing.length > 0 ? fieldsLeft(missing.length) : '');
	else if (alertKind) setAlert(null, '');
}

function setAlert(kind, text) {
	alertKind = kind;
	const alert = document.querySelector('.actions .alert');
	alert.textContent = text;
}

function actionBar() {
	const submit = el('button', { type: 'button', class: 'primary', id: 'sign' }, t(approving() ? 'approve' : 'sign'));
	submit.addEventListener('click', () => {
		const missing = missingFields();
		if (missing.length > 0) {
			for (const field of missing) document.querySelector(`[data-field="${field.id}"]`)?.classList.add('missing');
			setAlert('missing', fieldsLeft(missing.length));
			document.querySelector(`[data-field="${missing[0].id}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
			return;
		}
		setAlert(null, '');
		dialogs.finish.open();
	});
	const refuse = el('button', { type: 'button', class: 'danger', id: 'refuse' }, t(approving() ? 'decline' : 'refuse'));
	refuse.addEventListener('click', () => dialogs.refuse.open());
	// Nothing to save for a party without fields (an approver who only reviews): no Save then.
	const later = session.fields.length > 0 ? saveDraftAction({ values, save: (kept) => api('/draft', { values: kept }), savedAt: session.draft?.savedAt }) : null;
	return el(
		'section',
		{ class: 'actions', 'aria-label': t(approving() ? 'approve' : 'sign') },
		el(
			'div',
			{ class: 'inner' },
			el('p', { class: 'alert error', role: 'alert' }),
			later?.status,
			el('span', { class: 'progress', role: 'status' }),
			// One group: where the words are long (German on a phone), the buttons move below the progress together.
			el('div', { class: 'buttons' }, later?.button, refuse, submit),
		),
	);
}

main();
