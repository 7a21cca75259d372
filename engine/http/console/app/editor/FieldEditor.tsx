import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import './editor.css';
import { editorTexts } from './editorTexts';
import { FieldInspector } from './FieldInspector';
import { fitShown, shownSize, toPdf } from './geometry';
import { DROP_SIZE, newKey, type EditorDocument, type EditorField, type EditorFile, type EditorSource, type FieldKind, type Party } from './model';
import { Palette } from './Palette';
import { PdfPages, type PageHandlers } from './PdfPages';
import { RolesPanel } from './RolesPanel';
import { apiMessage, saveFields } from './save';

const MAX_PAGE_WIDTH = 820;

/**
 * The field editor: the PDF's pages (pdf.js), fields dragged onto them from the palette, moved and
 * resized with the mouse or the keyboard, each assigned to a party (a role) in its colour. Fields
 * are saved with the Save button; files and roles change through the API at once.
 */
export function FieldEditor(props: { source: EditorSource; initial: EditorDocument }) {
	const { source } = props;
	const [files, setFiles] = useState<EditorFile[]>(props.initial.files);
	const [parties, setParties] = useState<Party[]>(props.initial.parties);
	const [fields, setFields] = useState<EditorField[]>(props.initial.fields);
	const [removed, setRemoved] = useState<EditorField[]>([]);
	const [selected, setSelected] = useState<string | null>(null);
	const [party, setParty] = useState<string | null>(props.initial.parties[0]?.id ?? null);
	const [working, setWorking] = useState(false);
	const [uploading, setUploading] = useState(false);
	const [error, setError] = useState('');
	const [notice, setNotice] = useState('');
	const [ghost, setGhost] = useState<{ kind: FieldKind; x: number; y: number } | null>(null);
	const [width, setWidth] = useState(MAX_PAGE_WIDTH);
	const pages = useRef<HTMLDivElement>(null);
	const upload = useRef<HTMLInputElement>(null);

	useEffect(() => {
		const area = pages.current;
		if (!area) return;
		const observer = new ResizeObserver(() => setWidth(Math.min(MAX_PAGE_WIDTH, Math.floor(area.clientWidth))));
		observer.observe(area);
		return () => observer.disconnect();
	}, []);

	const pending = removed.length + fields.filter((field) => !field.savedId || field.changed).length;
	// Leaving with unsaved fields asks first.
	useEffect(() => {
		if (pending === 0) return;
		setNotice('');
		const warn = (event: BeforeUnloadEvent) => event.preventDefault();
		addEventListener('beforeunload', warn);
		return () => removeEventListener('beforeunload', warn);
	}, [pending > 0]);

	const handlers: PageHandlers = useMemo(
		() => ({
			select: setSelected,
			change: (key, change) => setFields((all) => all.map((field) => (field.key === key ? { ...field, ...change } : field))),
			remove: (key) => {
				setFields((all) => {
					const field = all.find((candidate) => candidate.key === key);
					if (field?.savedId) setRemoved((gone) => [...gone, field]);
					return all.filter((candidate) => candidate.key !== key);
				});
				setSelected(null);
			},
		}),
		[],
	);

	/** Places a new field of the selected party with its top-left corner at a point of a rendered page. */
	const placeOn = (target: HTMLElement, kind: FieldKind, clientX: number, clientY: number) => {
		const file = files.find((candidate) => candidate.id === target.dataset.file);
		const number = Number(target.dataset.page);
		const page = file?.pages[number - 1];
		if (!file || !page) return;
		const rect = target.getBoundingClientRect();
		const scale = rect.width / shownSize(page).width;
		const shown = fitShown(page, { left: (clientX - rect.left) / scale, top: (clientY - rect.top) / scale, ...DROP_SIZE[kind] });
		const key = newKey();
		setFields((all) => [
			...all,
			{ key, savedId: null, kind, partyId: party, fileId: file.id, page: number, box: toPdf(page, shown), required: true, annotation: null, changed: false, error: null },
		]);
		setSelected(key);
		requestAnimationFrame(() => document.querySelector<HTMLElement>(`.editor-field[data-key="${key}"]`)?.focus());
	};

	/** From the keyboard: the field goes in the middle of the page nearest the middle of the window. */
	const placeInView = (kind: FieldKind) => {
		setError('');
		const middle = innerHeight / 2;
		const pages = [...document.querySelectorAll<HTMLElement>('.editor-page')];
		const distance = (element: HTMLElement) => {
			const rect = element.getBoundingClientRect();
			return rect.top <= middle && rect.bottom >= middle ? 0 : Math.min(Math.abs(rect.top - middle), Math.abs(rect.bottom - middle));
		};
		const target = pages.sort((a, b) => distance(a) - distance(b))[0];
		if (!target) return;
		const rect = target.getBoundingClientRect();
		const size = DROP_SIZE[kind];
		const scale = rect.width / (Number(target.dataset.shownWidth) || rect.width);
		placeOn(target, kind, rect.left + rect.width / 2 - (size.width * scale) / 2, Math.min(Math.max(middle, rect.top), rect.bottom) - (size.height * scale) / 2);
	};

	/** A field grabbed from the palette follows the pointer; let go over a page, it is placed with its top-left corner there. */
	const grab = (kind: FieldKind, event: PointerEvent) => {
		setError('');
		setGhost({ kind, x: event.clientX, y: event.clientY });
		const move = (moved: PointerEvent) => setGhost({ kind, x: moved.clientX, y: moved.clientY });
		const drop = (dropped: PointerEvent) => {
			removeEventListener('pointermove', move);
			removeEventListener('pointerup', drop);
			removeEventListener('pointercancel', cancel);
			setGhost(null);
			const target = document.elementsFromPoint(dropped.clientX, dropped.clientY).find((element) => element.classList.contains('editor-page')) as HTMLElement | undefined;
			if (target) placeOn(target, kind, dropped.clientX, dropped.clientY);
		};
		const cancel = () => {
			removeEventListener('pointermove', move);
			removeEventListener('pointerup', drop);
			removeEventListener('pointercancel', cancel);
			setGhost(null);
		};
		addEventListener('pointermove', move);
		addEventListener('pointerup', drop);
		addEventListener('pointercancel', cancel);
	};

	const run = async (action: () => Promise<void>) => {
		setWorking(true);
		setError('');
		setNotice('');
		try {
			await action();
		} catch (failure) {
			setError(apiMessage(failure));
		}
		setWorking(false);
	};

	/** Files and fields made elsewhere meanwhile (a new file's text tags): added to what is being edited, which stays. */
	const takeNew = (loaded: EditorDocument) => {
		setFiles(loaded.files);
		setParties(loaded.parties);
		const known = new Set([...fields, ...removed].map((field) => field.savedId));
		setFields((all) => [
			...all.filter((field) => field.partyId === null || loaded.parties.some((each) => each.id === field.partyId)),
			...loaded.fields.filter((field) => !known.has(field.savedId)),
		]);
	};

	const onUpload = (event: Event) => {
		const input = event.target as HTMLInputElement;
		const file = input.files?.[0];
		input.value = '';
		if (!file) return;
		setUploading(true);
		void run(async () => {
			const tags = await source.upload(file).finally(() => setUploading(false));
			takeNew(await source.load());
			if (tags > 0) setNotice(editorTexts.editor.tagsFound(tags));
		});
	};

	const save = () =>
		run(async () => {
			const result = await saveFields(source, fields, removed);
			setRemoved([]);
			setFields(result.fields);
			if (result.failed === 0) setNotice(editorTexts.editor.saved);
			else setError(result.fields.filter((field) => field.error).map((field) => editorTexts.editor.failed(editorTexts.kinds[field.kind], field.error!)).join(' '));
		});

	const selectedField = fields.find((field) => field.key === selected) ?? null;
	const t = editorTexts.editor;
	return (
		<div class="field-editor">
			<div class="editor-bar">
				<label class={`button${working ? ' disabled' : ''}`}>
					{uploading ? t.uploading : t.upload}
					<input ref={upload} type="file" accept="application/pdf,.pdf" class="visually-hidden" disabled={working} onChange={onUpload} />
				</label>
				{/* On a tablet the panels are above the pages: the palette rides in this bar, within reach of every page. */}
				<Palette onGrab={grab} onPlace={placeInView} disabled={!party || files.length === 0} compact />
				<div class="editor-messages">
					{error && (
						<p class="error editor-message" role="alert">
							{error}
						</p>
					)}
					{notice && (
						<p class="notice editor-message" role="status">
							{notice}
						</p>
					)}
				</div>
				<span class="muted editor-status" aria-live="polite">
					{pending > 0 ? t.unsaved(pending) : ''}
				</span>
				<button type="button" class="primary" disabled={working || pending === 0} onClick={save}>
					{working && !uploading ? t.saving : t.save}
				</button>
			</div>
			<div class="editor-layout">
				<aside class="editor-side">
					<RolesPanel
						parties={parties}
						selected={party}
						working={working}
						fieldCount={(partyId) => fields.filter((field) => field.partyId === partyId).length}
						onSelect={setParty}
						peopleWithEmail={source.partiesArePeople}
						removable={source.partiesRemovable}
						onChange={
							source.changeParty &&
							((partyId, change) => {
								let changed = false;
								return run(async () => {
									const made = await source.changeParty!(partyId, change);
									setParties((all) => all.map((each) => (each.id === partyId ? { id: made.id, name: made.name, role: made.role } : each)));
									changed = true;
								}).then(() => changed);
							})
						}
						onAdd={async (input) => {
							let added = false;
							await run(async () => {
								const made = await source.addParty(input);
								setParties((all) => [...all, made]);
								setParty(made.id);
								added = true;
							});
							return added;
						}}
						onRemove={(partyId) =>
							run(async () => {
								await source.removeParty(partyId);
								setParties((all) => all.filter((candidate) => candidate.id !== partyId));
								// The API removed the role's saved fields with it.
								setFields((all) => all.filter((field) => field.partyId !== partyId));
								setRemoved((gone) => gone.filter((field) => field.partyId !== partyId));
								if (party === partyId) setParty(null);
							})
						}
					/>
					<Palette onGrab={grab} onPlace={placeInView} disabled={!party || files.length === 0} />
					{selectedField && (
						<FieldInspector
							field={selectedField}
							file={files.find((file) => file.id === selectedField.fileId)}
							parties={parties}
							onChange={(change) => handlers.change(selectedField.key, { ...change, changed: true, error: null })}
							onRemove={() => handlers.remove(selectedField.key)}
						/>
					)}
				</aside>
				<div class="editor-pages" ref={pages}>
					{files.length === 0 && <p class="empty">{t.noFile}</p>}
					{files.map((file) => (
						<section key={file.id} class="editor-document">
							<h2 class="file-title">{file.name}</h2>
							<PdfPages
								file={file}
								url={source.fileUrl(file.id)}
								width={width}
								fields={fields.filter((field) => field.fileId === file.id)}
								parties={parties}
								selected={selected}
								handlers={handlers}
							/>
						</section>
					))}
				</div>
			</div>
			{ghost && (
				<div class={`drag-ghost kind-${ghost.kind}`} style={{ left: `${ghost.x}px`, top: `${ghost.y}px` }} aria-hidden="true">
					{editorTexts.kinds[ghost.kind]}
				</div>
			)}
			<p class="hint muted">{source.partiesArePeople ? t.uploadHintDraft : t.uploadHint}</p>
		</div>
	);
}
