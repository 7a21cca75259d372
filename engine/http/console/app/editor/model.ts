import type { PageSize, PdfBox } from './geometry';

/*
 * What the editor edits: a document's files, the parties fields belong to (a template's roles; a
 * draft's signers could be the same), and fields kept as the API keeps them (PDF boxes). Changes are
 * local until saved; saving makes exactly the API's calls (see save.ts).
 */

export const FIELD_KINDS = ['signature', 'initials', 'date', 'text', 'checkbox'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];
export const isSignatureKind = (kind: FieldKind): kind is 'signature' | 'initials' => kind === 'signature' || kind === 'initials';

/** A field's size as first dropped, as shown (points): the API's defaults. */
export const DROP_SIZE: Record<FieldKind, { width: number; height: number }> = {
	signature: { width: 180, height: 50 },
	initials: { width: 60, height: 40 },
	date: { width: 100, height: 20 },
	text: { width: 200, height: 20 },
	checkbox: { width: 14, height: 14 },
};

export interface EditorFile {
	id: string;
	name: string;
	pageCount: number;
	pages: PageSize[];
}

export interface Party {
	id: string;
	name: string;
	role: string;
}

/** An annotation's settings the editor does not change, kept when a moved annotation is made again. */
export interface AnnotationSettings {
	name: string | null;
	prefill: 'fixed' | 'default';
	value: string | boolean | null;
	label: string | null;
	fontSize: number;
}

export interface EditorField {
	/** The field's id in the API, or a local key for a field not saved yet. */
	key: string;
	savedId: string | null;
	kind: FieldKind;
	/** Null: fixed content (an annotation nobody fills in). */
	partyId: string | null;
	fileId: string;
	page: number;
	box: PdfBox;
	required: boolean;
	annotation: AnnotationSettings | null;
	/** Moved, resized or reassigned since it was saved. */
	changed: boolean;
	/** The API's answer when saving it failed. */
	error: string | null;
}

let counter = 0;
export const newKey = (): string => `new-${++counter}`;

/** Distinct colours for the parties, in order; a party's is its place in the list. */
const COLOURS = ['#2456c7', '#c2410c', '#15803d', '#9333ea', '#b91c1c', '#0e7490', '#a16207', '#be185d'];
export const colourOf = (parties: readonly Party[], partyId: string | null): string => {
	const index = parties.findIndex((party) => party.id === partyId);
	return index < 0 ? '#5d6677' : COLOURS[index % COLOURS.length];
};

/** A template or a draft, as the editor shows it. */
export interface EditorDocument {
	id: string;
	name: string;
	files: EditorFile[];
	parties: Party[];
	fields: EditorField[];
}

/** The API calls behind an editor (a template's roles or a draft's signers), and what the API lets change. */
export interface EditorSource {
	/** The API can remove a party (with its fields). */
	partiesRemovable: boolean;
	/** A party is a person: named with an email. */
	partiesArePeople: boolean;
	load(): Promise<EditorDocument>;
	fileUrl(fileId: string): string;
	/** Uploads a PDF; answers how many fields its text tags made. */
	upload(file: File): Promise<number>;
	addParty(input: { name: string; role: string; email?: string }): Promise<Party>;
	removeParty(partyId: string): Promise<unknown>;
	/** Renames a party or changes its type; null where the API has no such call. */
	changeParty: ((partyId: string, change: { name: string; role: string }) => Promise<Party>) | null;
	/** Makes the field; answers its new id. */
	addField(field: EditorField): Promise<string>;
	/** Moves, resizes or reassigns a saved field in place (PATCH): it keeps its id. */
	updateField(field: EditorField): Promise<unknown>;
	removeField(field: EditorField): Promise<unknown>;
}
