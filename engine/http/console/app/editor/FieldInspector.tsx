import { editorTexts } from './editorTexts';
import { round } from './geometry';
import type { EditorField, EditorFile, Party } from './model';

/** The selected field: whose it is, whether it must be filled, where it is in the API's terms. */
export function FieldInspector(props: { field: EditorField; file: EditorFile | undefined; parties: readonly Party[]; onChange: (change: Partial<EditorField>) => void; onRemove: () => void }) {
	const { field } = props;
	const t = editorTexts.editor;
	return (
		<section class="editor-panel inspector" aria-label={t.field}>
			<h2>
				{t.field}: {editorTexts.kinds[field.kind]}
			</h2>
			<div class="field-settings">
				<label>
					{t.assignedTo}
					<select value={field.partyId ?? ''} onChange={(event) => props.onChange({ partyId: (event.target as HTMLSelectElement).value || null })}>
						{field.partyId === null && <option value="">—</option>}
						{props.parties.map((party) => (
							<option key={party.id} value={party.id}>
								{party.name}
							</option>
						))}
					</select>
				</label>
				<label class="check">
					<input type="checkbox" checked={field.required} onChange={(event) => props.onChange({ required: (event.target as HTMLInputElement).checked })} />
					{t.required}
				</label>
			</div>
			<p class="muted position" data-box={JSON.stringify(field.box)}>
				{props.file ? `${t.page(field.page, props.file.pageCount)} · ` : ''}
				{t.position(round(field.box.x), round(field.box.y), round(field.box.width), round(field.box.height))}
			</p>
			{field.error && <p class="error">{field.error}</p>}
			<button type="button" class="danger" onClick={props.onRemove}>
				{t.remove}
			</button>
		</section>
	);
}
