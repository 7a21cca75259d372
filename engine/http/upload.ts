import type { MultipartFile } from '@fastify/multipart';
import { FileName, invalid } from '../domain';
import { validationError } from './errors';
import type { RouteContext } from './route';

/**
 * A PDF sent as multipart/form-data (field `file`, optional field `name`
 * before it) or as JSON `{ name?, contentBase64 }` (already validated).
 */
export async function readUpload(
	context: RouteContext<unknown, { name?: string; contentBase64: string } | undefined>,
	maxBytes: number,
	tooLarge: () => Error,
): Promise<{ name: string; bytes: Buffer }> {
	if (!context.request.isMultipart()) {
		const body = context.body!;
		return { name: body.name ?? 'document.pdf', bytes: Buffer.from(body.contentBase64, 'base64') };
	}
	let part: MultipartFile | undefined;
	try {
		part = await context.request.file({ limits: { fileSize: maxBytes, files: 1 } });
	} catch (error) {
		if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
		throw error;
	}
	if (!part || part.fieldname !== 'file')
		throw invalid('file_missing', 'Send the PDF in a multipart field named "file".', [{ path: 'file', message: 'Missing.' }]);
	const bytes = await part.toBuffer();
	const nameField = part.fields.name;
	const given = nameField && 'value' in nameField && typeof nameField.value === 'string' ? nameField.value : part.filename;
	const name = FileName.safeParse(given || 'document.pdf');
	if (!name.success) throw validationError('body', name.error);
	return { name: name.data, bytes };
}
