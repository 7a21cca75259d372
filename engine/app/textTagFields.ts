import {
	SignflowError,
	assertBoxOnPage,
	invalid,
	isActor,
	matchTagRole,
	newId,
	type Annotation,
	type ErrorDetail,
	type SignatureField,
	type TextTag,
	type Signer,
	type WorkflowFile,
} from '../domain';
import type { FoundTag } from '../pdf/textTags';

export interface TagFields {
	signatures: SignatureField[];
	annotations: Annotation[];
}

/** The font size of text and date fields made from tags: the stamp shrinks it to fit the box. */
const TAG_FONT_SIZE = 11;

/**
 * The fields a file's text tags make for a draft's signers, or one 422
 * listing every tag that cannot be used (malformed, a role no signer has, a
 * signature for an approver, a box off the page), so nothing is half made.
 */
export function fieldsFromTags(tags: readonly FoundTag[], file: WorkflowFile, signers: readonly Signer[], at: string): TagFields {
	const actors = signers.filter(isActor);
	const fields: TagFields = { signatures: [], annotations: [] };
	placeTags(tags, file, (tag) => {
		const signer = matchTagRole(tag.role, actors);
		if (!signer)
			return `no signer matches role "${tag.role}"; use a signer's name or email (${actors.map((actor) => `"${actor.name}"`).join(', ') || 'the draft has no signers yet'}) or signer1 to signer${Math.max(1, actors.length)} (signers and approvers in signing order), and add the signers before the file.`;
		if ((tag.type === 'signature' || tag.type === 'initials') && signer.role !== 'signer') return `${signer.name} is an ${signer.role}; only signers get ${tag.type} fields.`;
		return (box) => {
			const common = { id: newId(), workflowId: file.workflowId, fileId: file.id, signerId: signer.id, ...box, required: tag.required, createdAt: at };
			if (tag.type === 'signature' || tag.type === 'initials')
				fields.signatures.push({ ...common, kind: tag.type, signedAt: null, valueType: null, valueText: null, valueImageSha256: null });
			else
				fields.annotations.push({
					...common,
					type: tag.type,
					value: null,
					imageFileId: null,
					label: tag.name,
					fontSize: TAG_FONT_SIZE,
					filledAt: null,
				});
		};
	});
	return fields;
}

export type TagBox = { page: number; x: number; y: number; width: number; height: number };

/**
 * Places each well-formed tag whose role `resolve` accepts (it answers what is
 * wrong, or how to make the field on a box), or throws one 422 listing every
 * tag that cannot be used, before any field is made. A tag's field stands on
 * the tag's box; with `width` or `height`, it hangs from the tag's top-left
 * corner as the reader sees the page (rotation included).
 */
export function placeTags(tags: readonly FoundTag[], file: WorkflowFile, resolve: (tag: TextTag) => string | ((box: TagBox) => void)): void {
	const problems: ErrorDetail[] = [];
	const makers: Array<() => void> = [];
	for (const found of tags) {
		const problem = (message: string) =>
			problems.push({ path: 'file', page: found.page, tag: found.source, message: `Page ${found.page}, ${found.source}: ${message}` });
		if (!found.reading.ok) {
			problem(found.reading.problem);
			continue;
		}
		const tag = found.reading.tag;
		const make = resolve(tag);
		if (typeof make === 'string') {
			problem(make);
			continue;
		}
		const box = { page: found.page, ...sizedBox(found.box, file.pages[found.page - 1]?.rotation ?? 0, tag) };
		if (box.x < 0 || box.y < 0) {
			problem(`with width ${tag.width ?? 'as typed'} and height ${tag.height ?? 'as typed'} the field would stick out of the page.`);
			continue;
		}
		try {
			assertBoxOnPage(file, box);
		} catch (error) {
			if (!(error instanceof SignflowError)) throw error;
			problem(error.message);
			continue;
		}
		makers.push(() => make(box));
	}
	if (problems.length > 0)
		throw invalid(
			'text_tags_invalid',
			`${problems.length} text tag${problems.length === 1 ? '' : 's'} cannot be used; nothing was added. ${problems.map((detail) => detail.message).join(' ')}`.slice(0, 2000),
			problems,
		);
	for (const make of makers) make();
}

type Box = { x: number; y: number; width: number; height: number };

/** The tag's box, or a box of the tag's width and height (as displayed) hanging from its displayed top-left corner. */
function sizedBox(box: Box, rotation: number, size: { width: number | null; height: number | null }): Box {
	if (size.width === null && size.height === null) return box;
	const turned = rotation === 90 || rotation === 270;
	const shown = { width: turned ? box.height : box.width, height: turned ? box.width : box.height };
	const width = size.width ?? shown.width;
	const height = size.height ?? shown.height;
	// The displayed box's corners in page space (as frameOf in pdf/stamp.ts): u to the reader's right, v up.
	const origin = { 0: [box.x, box.y], 90: [box.x + box.width, box.y], 180: [box.x + box.width, box.y + box.height], 270: [box.x, box.y + box.height] }[
		rotation as 0 | 90 | 180 | 270
	] ?? [box.x, box.y];
	const radians = (rotation * Math.PI) / 180;
	const cos = Math.round(Math.cos(radians));
	const sin = Math.round(Math.sin(radians));
	const at = (u: number, v: number) => [origin[0] + u * cos - v * sin, origin[1] + u * sin + v * cos];
	const corners = [at(0, shown.height - height), at(width, shown.height - height), at(width, shown.height), at(0, shown.height)];
	const xs = corners.map(([x]) => x);
	const ys = corners.map(([, y]) => y);
	const x = Math.min(...xs);
	const y = Math.min(...ys);
	return { x: round(x), y: round(y), width: round(Math.max(...xs) - x), height: round(Math.max(...ys) - y) };
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}
