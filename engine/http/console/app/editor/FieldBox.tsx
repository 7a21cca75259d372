import { useRef } from 'preact/hooks';
import { editorTexts } from './editorTexts';
import { fitShown, resizeShown, toPdf, toShown, type PageSize, type ShownBox } from './geometry';
import { colourOf, type EditorField, type Party } from './model';
import type { PageHandlers } from './PdfPages';

const KEY_STEP = 1;
const KEY_STEP_LARGE = 10;

/** A field on a page: dragged to move, its corner dragged to resize; arrows move it, Shift+arrows resize it. */
export function FieldBox(props: { field: EditorField; page: PageSize; scale: number; parties: readonly Party[]; selected: boolean; handlers: PageHandlers }) {
	const { field, page, scale, handlers } = props;
	const shown = toShown(page, field.box);
	const drag = useRef<{ x: number; y: number; start: ShownBox; resize: boolean } | null>(null);
	const colour = colourOf(props.parties, field.partyId);
	const party = props.parties.find((candidate) => candidate.id === field.partyId);

	const place = (next: ShownBox) => handlers.change(field.key, { box: toPdf(page, next), changed: true, error: null });

	const onPointerDown = (event: PointerEvent) => {
		if (event.button !== 0) return;
		event.preventDefault();
		event.stopPropagation();
		handlers.select(field.key);
		(event.currentTarget as HTMLElement).focus();
		(event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
		drag.current = { x: event.clientX, y: event.clientY, start: shown, resize: (event.target as HTMLElement).classList.contains('resize') };
	};
	const onPointerMove = (event: PointerEvent) => {
		const moving = drag.current;
		if (!moving) return;
		const dx = (event.clientX - moving.x) / scale;
		const dy = (event.clientY - moving.y) / scale;
		if (moving.resize) place(resizeShown(page, moving.start, moving.start.width + dx, moving.start.height + dy));
		else place(fitShown(page, { ...moving.start, left: moving.start.left + dx, top: moving.start.top + dy }));
	};
	const onPointerUp = () => {
		drag.current = null;
	};

	const onKeyDown = (event: KeyboardEvent) => {
		const arrows: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
		const arrow = arrows[event.key];
		if (arrow) {
			event.preventDefault();
			const step = event.altKey || event.ctrlKey || event.metaKey ? KEY_STEP_LARGE : KEY_STEP;
			const [dx, dy] = [arrow[0] * step, arrow[1] * step];
			if (event.shiftKey) place(resizeShown(page, shown, shown.width + dx, shown.height + dy, false));
			else place(fitShown(page, { ...shown, left: shown.left + dx, top: shown.top + dy }, false));
		} else if (event.key === 'Delete' || event.key === 'Backspace') {
			event.preventDefault();
			handlers.remove(field.key);
		} else if (event.key === 'Escape') {
			handlers.select(null);
			(event.currentTarget as HTMLElement).blur();
		}
	};

	const label = `${editorTexts.kinds[field.kind]}${party ? ` · ${party.name}` : ''}`;
	return (
		<div
			class={`editor-field kind-${field.kind}${props.selected ? ' selected' : ''}${field.error ? ' refused' : ''}${field.changed || !field.savedId ? ' unsaved' : ''}`}
			data-key={field.key}
			data-id={field.savedId ?? undefined}
			data-kind={field.kind}
			tabIndex={0}
			role="button"
			aria-label={label}
			aria-pressed={props.selected}
			title={field.error ?? label}
			style={{
				left: `${shown.left * scale}px`,
				top: `${shown.top * scale}px`,
				width: `${shown.width * scale}px`,
				height: `${shown.height * scale}px`,
				'--field-colour': colour,
			}}
			onPointerDown={onPointerDown}
			onPointerMove={onPointerMove}
			onPointerUp={onPointerUp}
			onPointerCancel={onPointerUp}
			onKeyDown={onKeyDown}
			onFocus={() => !props.selected && handlers.select(field.key)}
		>
			<span class="field-label">{label}</span>
			{props.selected && <span class="resize" aria-hidden="true" />}
		</div>
	);
}
