// The signing page: shows the documents with pdf.js, lets the signer fill their
// fields, draw or type a signature, consent, then sign or refuse.
// Everything sender- or signer-typed is put into the page as text, never as HTML.
import * as pdfjs from '/sign/assets/pdf.min.mjs';

pdfjs.GlobalWorkerOptions.workerSrc = '/sign/assets/pdf.worker.min.mjs';

const base = location.pathname.replace(/\/+$/, '');
const app = document.getElementById('app');
const values = {}; // field id -> value as POST /sign takes it
const adopted = {}; // signature kind -> the value the signer adopted
let session;

function el(tag, attributes = {}, ...children) {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === false || value === null || value === undefined) continue;
		if (name === 'class') node.className = value;
		else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
		else node.setAttribute(name, value === true ? '' : String(value));
	}
	for (const child of children.flat()) {
		if (child === null || child === undefined || child === false) continue;
		node.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
	return node;
}

async function api(path, body) {
	const response = await fetch(base + path, {
		method: body ? 'POST' : 'GET',
		credentials: 'same-origin',
		headers: body ? { 'content-type': 'application/json' } : {},
		body: body ? JSON.stringify(body) : undefined,
	});
	const data = await response.json().catch(() => ({}));
	if (!response.ok) throw Object.assign(new Error(data.error?.message || `Request failed (${response.status})`), { data, status: response.status });
	return data;
}

function formatDate(iso, timeZone) {
	if (!iso) return '';
	return new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(iso));
}

async function main() {
	try {
		session = await api('/session');
	} catch {
		location.reload();
		return;
	}
	if (session.state !== 'ready' && session.state !== 'view_only') {
		location.reload();
		return;
	}
	app.dataset.state = session.state;
	app.replaceChildren(intro(), ...session.files.map(fileSection));
	if (session.state === 'ready') {
		document.body.append(actionBar(), signatureDialog(), refuseDialog());
		updateProgress();
	}
	await Promise.all(session.files.map(loadFile));
}

function intro() {
	const { workflow, organization, signer } = session;
	const ask =
		session.state === 'view_only'
			? `${organization.name} shared this document with you to view.`
			: signer.role === 'approver'
				? `${organization.name} asks you to review and approve this document.`
				: `${organization.name} asks you to sign this document.`;
	return el(
		'section',
		{ class: 'intro' },
		el('h1', {}, workflow.name),
		el('p', { class: 'meta' }, ask),
		el('p', { class: 'meta' }, `For ${signer.name} (${signer.email})`),
		workflow.message ? el('p', { class: 'message' }, workflow.message) : null,
		workflow.expiresAt ? el('p', { class: 'meta' }, `Please act before ${formatDate(workflow.expiresAt, workflow.timeZone)}.`) : null,
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
			const node = el('div', { class: 'page', 'data-page': index + 1 }, el('span', { class: 'label' }, `${index + 1} / ${file.pageCount}`));
			node.style.aspectRatio = `${width} / ${height}`;
			node.style.maxWidth = `${Math.round(width * 1.5)}px`;
			return node;
		}),
	);
}

async function loadFile(file) {
	const document_ = await pdfjs.getDocument({
		url: `${base}/document/${file.id}`,
		withCredentials: true,
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
	const layer = el('div', { class: 'layer' });
	for (const item of session.fixed.filter((f) => f.fileId === file.id && f.page === number)) layer.append(fixedItem(item, viewport));
	for (const field of session.fields.filter((f) => f.fileId === file.id && f.page === number)) layer.append(fieldItem(field, viewport));
	node.prepend(canvas);
	node.append(layer);
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

function fieldItem(field, viewport) {
	let node;
	if (field.kind === 'signature' || field.kind === 'initials') {
		node = el('button', { type: 'button', class: 'field sig', 'data-field': field.id, 'aria-label': `${field.kind} field` });
		node.addEventListener('click', () => {
			if (adopted[field.kind] && !values[field.id]) setSignature(field, adopted[field.kind]);
			else openSignatureDialog(field);
		});
		showSignature(node, field);
	} else if (field.kind === 'checkbox') {
		node = el('label', { class: 'field', 'data-field': field.id });
		const input = el('input', { type: 'checkbox', 'aria-label': field.label || 'checkbox' });
		input.checked = values[field.id]?.value === true;
		input.addEventListener('change', () => {
			values[field.id] = { type: 'checkbox', value: input.checked };
			updateProgress();
		});
		node.append(input);
	} else {
		node = el('label', { class: 'field', 'data-field': field.id });
		const input = el('input', {
			type: field.kind === 'date' ? 'date' : 'text',
			placeholder: field.label || (field.kind === 'date' ? 'Date' : 'Text'),
			'aria-label': field.label || field.kind,
			maxlength: field.kind === 'text' ? 2000 : null,
		});
		input.value = values[field.id]?.value ?? '';
		input.addEventListener('input', () => {
			values[field.id] = { type: field.kind, value: input.value };
			updateProgress();
		});
		node.append(input);
	}
	place(node, field, viewport);
	node.style.fontSize = `${Math.max(10, field.height * viewport.scale * 0.55)}px`;
	return node;
}

function showSignature(node, field) {
	const value = values[field.id];
	node.classList.toggle('filled', Boolean(value));
	if (!value) node.replaceChildren(field.kind === 'initials' ? 'Initials' : 'Sign here');
	else if (value.type === 'drawn') node.replaceChildren(el('img', { src: `data:image/png;base64,${value.pngBase64}`, alt: 'Your signature' }));
	else node.replaceChildren(el('span', { class: 'typed' }, value.text));
}

function setSignature(field, value) {
	values[field.id] = value;
	adopted[field.kind] = value;
	for (const node of document.querySelectorAll(`[data-field="${field.id}"]`)) showSignature(node, field);
	updateProgress();
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

function updateProgress() {
	const progress = document.querySelector('.actions .progress');
	if (!progress) return;
	const required = session.fields.filter((field) => field.required).length;
	const missing = missingFields().length;
	progress.textContent = required === 0 ? '' : `${required - missing} of ${required} required fields done`;
	for (const node of document.querySelectorAll('.field.missing')) node.classList.remove('missing');
}

function actionBar() {
	const consent = el('input', { type: 'checkbox', id: 'consent', name: 'consent' });
	const alert = el('p', { class: 'alert error', role: 'alert' });
	const approving = session.signer.role === 'approver';
	const submit = el('button', { type: 'button', class: 'primary', id: 'sign' }, approving ? 'Approve' : 'Sign');
	submit.addEventListener('click', async () => {
		alert.textContent = '';
		const missing = missingFields();
		if (missing.length > 0) {
			for (const field of missing) document.querySelector(`[data-field="${field.id}"]`)?.classList.add('missing');
			alert.textContent = `Fill in every required field first (${missing.length} left).`;
			document.querySelector(`[data-field="${missing[0].id}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
			return;
		}
		if (!consent.checked) {
			alert.textContent = 'Tick the box to agree to sign electronically.';
			return;
		}
		submit.disabled = true;
		try {
			await api('/sign', { consent: true, values });
			location.reload();
		} catch (error) {
			alert.textContent = error.message;
			submit.disabled = false;
		}
	});
	const refuse = el('button', { type: 'button', class: 'danger', id: 'refuse' }, 'Refuse');
	refuse.addEventListener('click', () => document.getElementById('refuse-dialog').showModal());
	return el(
		'section',
		{ class: 'actions' },
		el(
			'div',
			{ class: 'inner' },
			el('label', { class: 'consent', for: 'consent' }, consent, el('span', {}, session.consentText)),
			el('span', { class: 'progress' }),
			refuse,
			submit,
			alert,
		),
	);
}

let activeField = null;

function signatureDialog() {
	const canvas = el('canvas', { class: 'pad', 'aria-label': 'Draw your signature here' });
	const typed = el('input', { type: 'text', id: 'typed-signature', maxlength: 100, placeholder: 'Type your full name' });
	const preview = el('div', { class: 'preview' });
	const drawPanel = el('div', { id: 'draw-panel' }, canvas);
	const typePanel = el('div', { id: 'type-panel', hidden: true }, el('label', { for: 'typed-signature' }, 'Your name'), typed, preview);
	const error = el('p', { class: 'error', role: 'alert' });
	let mode = 'draw';
	let pad;
	const drawTab = el('button', { type: 'button', 'aria-selected': 'true', id: 'tab-draw' }, 'Draw');
	const typeTab = el('button', { type: 'button', 'aria-selected': 'false', id: 'tab-type' }, 'Type');
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
	typed.addEventListener('input', () => (preview.textContent = typed.value));
	const resize = () => {
		const ratio = Math.max(window.devicePixelRatio || 1, 1);
		canvas.width = canvas.offsetWidth * ratio;
		canvas.height = canvas.offsetHeight * ratio;
		canvas.getContext('2d').scale(ratio, ratio);
		pad?.clear();
	};
	const clear = el('button', { type: 'button', id: 'clear-signature' }, 'Clear');
	clear.addEventListener('click', () => {
		pad.clear();
		typed.value = '';
		preview.textContent = '';
	});
	const cancel = el('button', { type: 'button' }, 'Cancel');
	const apply = el('button', { type: 'button', class: 'primary', id: 'apply-signature' }, 'Apply');
	const dialog = el(
		'dialog',
		{ id: 'signature-dialog', 'aria-labelledby': 'signature-title' },
		el('h2', { id: 'signature-title' }, 'Your signature'),
		el('div', { class: 'tabs', role: 'tablist' }, drawTab, typeTab),
		drawPanel,
		typePanel,
		error,
		el('div', { class: 'dialog-buttons' }, clear, cancel, apply),
	);
	cancel.addEventListener('click', () => dialog.close());
	apply.addEventListener('click', () => {
		error.textContent = '';
		let value;
		if (mode === 'draw') {
			if (pad.isEmpty()) {
				error.textContent = 'Draw your signature, or switch to Type.';
				return;
			}
			value = { type: 'drawn', pngBase64: pad.toDataURL('image/png').split(',')[1] };
		} else {
			const text = typed.value.trim();
			if (!text) {
				error.textContent = 'Type your name.';
				return;
			}
			value = { type: 'typed', text };
		}
		setSignature(activeField, value);
		dialog.close();
	});
	dialog.resizePad = () => {
		pad ??= new window.SignaturePad(canvas, { penColor: '#0b1f66' });
		select(mode);
	};
	return dialog;
}

function openSignatureDialog(field) {
	activeField = field;
	const dialog = document.getElementById('signature-dialog');
	dialog.querySelector('#signature-title').textContent = field.kind === 'initials' ? 'Your initials' : 'Your signature';
	dialog.showModal();
	dialog.resizePad();
}

function refuseDialog() {
	const reason = el('textarea', { id: 'refuse-reason', rows: 4, maxlength: 2000, required: true });
	const error = el('p', { class: 'error', role: 'alert' });
	const cancel = el('button', { type: 'button' }, 'Cancel');
	const confirm = el('button', { type: 'button', class: 'danger', id: 'confirm-refuse' }, 'Refuse to sign');
	const dialog = el(
		'dialog',
		{ id: 'refuse-dialog', 'aria-labelledby': 'refuse-title' },
		el('h2', { id: 'refuse-title' }, 'Refuse to sign'),
		el('p', {}, 'The sender will see your reason. This ends the signing for everyone.'),
		el('label', { for: 'refuse-reason' }, 'Reason'),
		reason,
		error,
		el('div', { class: 'dialog-buttons' }, cancel, confirm),
	);
	cancel.addEventListener('click', () => dialog.close());
	confirm.addEventListener('click', async () => {
		error.textContent = '';
		if (!reason.value.trim()) {
			error.textContent = 'Say why you refuse.';
			return;
		}
		confirm.disabled = true;
		try {
			await api('/refuse', { reason: reason.value });
			location.reload();
		} catch (failure) {
			error.textContent = failure.message;
			confirm.disabled = false;
		}
	});
	return dialog;
}

main();
