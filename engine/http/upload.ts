import type { MultipartValue } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { FileName, SignflowError, invalid } from '../domain';
import { validationError } from './errors';
import type { RouteContext } from './route';

/** The most a multipart text field may hold (a file name); busboy cuts longer values. */
export const MULTIPART_FIELD_BYTES = 1024;

/**
 * A PDF sent as multipart/form-data (field `file`, and before it the text
 * fields the route names, e.g. `name`) or as JSON `{ name?, contentBase64 }`
 * (already validated).
 */
export async function readUpload(
	context: RouteContext<unknown, { name?: string; contentBase64: string } | undefined>,
	maxBytes: number,
	tooLarge: () => Error,
	textFields: readonly string[] = ['name'],
): Promise<{ name: string; bytes: Buffer; fields: Record<string, string> }> {
	if (!context.request.isMultipart()) {
		const body = context.body!;
		return { name: body.name ?? 'document.pdf', bytes: Buffer.from(body.contentBase64, 'base64'), fields: {} };
	}
	const { fields, filename, bytes } = await readMultipart(context.request, maxBytes, tooLarge, textFields);
	const name = FileName.safeParse(fields.name || filename || 'document.pdf');
	if (!name.success) throw validationError('body', name.error, 'name');
	return { name: name.data, bytes, fields };
}

/**
 * Reads the text fields up to the `file` part, then the file. Whatever a
 * client can get wrong in the body answers 4xx: a field the route does not
 * take, a field sent twice, a missing boundary, a body that ends mid-part.
 */
async function readMultipart(
	request: FastifyRequest,
	maxBytes: number,
	tooLarge: () => Error,
	textFields: readonly string[],
): Promise<{ fields: Record<string, string>; filename: string; bytes: Buffer }> {
	const fields: Record<string, string> = {};
	// busboy's own field limit lies one past what the route takes, so the first field too many is seen (and named) here.
	try {
		for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: textFields.length + 1, fieldSize: MULTIPART_FIELD_BYTES } })) {
			if (part.type === 'file') {
				if (part.fieldname !== 'file') break;
				return { fields, filename: part.filename, bytes: await part.toBuffer() };
			}
			checkTextField(part, fields, textFields);
			fields[part.fieldname] = String(part.value);
		}
	} catch (error) {
		throw uploadError(error, tooLarge);
	}
	throw invalid('file_missing', 'Send the PDF in a multipart field named "file".', [{ path: 'file', message: 'Missing.' }]);
}

function checkTextField(part: MultipartValue, seen: Record<string, string>, textFields: readonly string[]): void {
	const taken = textFields.length ? `takes the fields ${textFields.map((field) => `"${field}"`).join(', ')} and "file"` : 'takes only the field "file"';
	if (!textFields.includes(part.fieldname))
		throw invalid('multipart_field_unexpected', `This endpoint ${taken} (the PDF); remove the field "${part.fieldname.slice(0, 100)}".`, [
			{ path: part.fieldname.slice(0, 100), message: 'Not a field of this endpoint.' },
		]);
	if (part.fieldname in seen)
		throw invalid('multipart_field_unexpected', `The field "${part.fieldname}" is sent more than once; send it once, before "file".`, [
			{ path: part.fieldname, message: 'Sent more than once.' },
		]);
	if (part.valueTruncated)
		throw invalid('validation_failed', `Invalid body: ${part.fieldname}: must be at most ${MULTIPART_FIELD_BYTES} bytes.`, [
			{ path: part.fieldname, message: `Must be at most ${MULTIPART_FIELD_BYTES} bytes.` },
		]);
}

/** Every failure while reading a multipart body is the client's: its size, its number of parts or its syntax. */
function uploadError(error: unknown, tooLarge: () => Error): Error {
	if (error instanceof SignflowError) return error;
	const { code, message } = error as { code?: string; message?: string };
	if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
	if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT')
		return invalid('multipart_field_unexpected', 'The multipart body has more parts than this endpoint takes: send the PDF in the field "file".');
	return new SignflowError(
		'malformed',
		'multipart_malformed',
		`The multipart/form-data body cannot be read (${String(message ?? code ?? 'unknown error').slice(0, 200)}). ` +
			'Send a complete body with a boundary in the Content-Type and the PDF in the field "file", as curl -F file=@document.pdf does.',
	);
}

/** A true/false multipart field; `fallback` when it is left out or empty. */
export function multipartFlag(value: string | undefined, path: string, fallback: boolean): boolean {
	if (value === undefined || value === '') return fallback;
	if (value === 'true') return true;
	if (value === 'false') return false;
	throw invalid('validation_failed', `${path} is true or false.`, [{ path, message: `Got "${value.slice(0, 20)}".` }]);
}
