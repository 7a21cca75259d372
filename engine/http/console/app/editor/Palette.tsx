import { editorTexts } from './editorTexts';
import { FIELD_KINDS, type FieldKind } from './model';

/** The fields to drag onto a page; an image is listed but not offered where the API takes none (templates). */
interface PaletteProps {
	onGrab: (kind: FieldKind, event: PointerEvent) => void;
	/** The keyboard's way: Enter or Space puts the field in the middle of the page in view. */
	onPlace: (kind: FieldKind) => void;
	disabled: boolean;
	compact?: boolean;
}

export function Palette(props: PaletteProps) {
	if (props.compact)
		return (
			<div class="palette compact" role="group" aria-label={editorTexts.editor.palette}>
				<PaletteItems {...props} />
			</div>
		);
	return (
		<section class="editor-panel palette">
			<h2>{editorTexts.editor.palette}</h2>
			<PaletteItems {...props} />
			<p class="hint muted">{props.disabled ? editorTexts.editor.needRole : editorTexts.editor.paletteHint}</p>
		</section>
	);
}

function PaletteItems(props: PaletteProps) {
	return (
		<>
			<div class="palette-items">
				{FIELD_KINDS.map((kind) => (
					<button
						type="button"
						key={kind}
						class={`palette-item kind-${kind}`}
						data-kind={kind}
						disabled={props.disabled}
						onPointerDown={(event) => {
							if (event.button !== 0) return;
							event.preventDefault();
							props.onGrab(kind, event);
						}}
						onKeyDown={(event) => {
							if (event.key !== 'Enter' && event.key !== ' ') return;
							event.preventDefault();
							props.onPlace(kind);
						}}
					>
						<span class="palette-icon" aria-hidden="true" />
						{editorTexts.kinds[kind]}
					</button>
				))}
				<button type="button" class="palette-item kind-image" disabled title={editorTexts.editor.imageUnsupported}>
					<span class="palette-icon" aria-hidden="true" />
					{editorTexts.kinds.image}
				</button>
			</div>
		</>
	);
}
