import { ApiError } from '../api';
import type { EditorField, EditorSource } from './model';

/** The API's words for why a field was refused, with what each detail says. */
export function apiMessage(error: unknown): string {
	if (!(error instanceof ApiError)) return String((error as Error)?.message ?? error);
	if (error.status === 0) return 'The engine cannot be reached.';
	const details = error.details.map((detail) => detail.message).filter((message) => message && !error.message.includes(message));
	return [error.message || error.code, ...details].join(' ');
}

/**
 * Saves the editor's changes with the API's own calls: removed fields are deleted; a new field is
 * made; a moved, resized or reassigned one is changed in place (PATCH, one call: it keeps its id,
 * and a refused box leaves the saved field as it was). Answers the fields as saved, each refused
 * one with the API's message.
 */
export async function saveFields(source: EditorSource, fields: readonly EditorField[], removed: readonly EditorField[]): Promise<{ fields: EditorField[]; failed: number }> {
	let failed = 0;
	for (const field of removed) {
		try {
			await source.removeField(field);
		} catch (error) {
			if (!(error instanceof ApiError && error.status === 404)) throw error;
		}
	}
	const saved: EditorField[] = [];
	for (const field of fields) {
		if (field.savedId && !field.changed) {
			saved.push(field);
			continue;
		}
		try {
			if (field.savedId) await source.updateField(field);
			const id = field.savedId ?? (await source.addField(field));
			saved.push({ ...field, savedId: id, changed: false, error: null });
		} catch (error) {
			failed++;
			saved.push({ ...field, error: apiMessage(error) });
		}
	}
	return { fields: saved, failed };
}
