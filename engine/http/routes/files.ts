import type { MultipartFile } from '@fastify/multipart';
import { z } from 'zod';
import { FileName, FileVersion, invalid } from '../../domain';
import { fileTooLarge, type SignflowService } from '../../service';
import { validationError } from '../errors';
import type { ApiRouter, RouteContext } from '../route';
import { FileBody, FileResponse } from '../schemas';

export function fileRoutes(api: ApiRouter, service: SignflowService, maxFileBytes: number): void {
	const tag = 'Files';

	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/files',
		operationId: 'addFile',
		summary: 'Add a PDF to a draft',
		description:
			'Send the PDF as multipart/form-data (field `file`, optional field `name`) or as JSON with base64 content. ' +
			'Refused with 422 when it is empty (file_empty), not a PDF (file_not_pdf), encrypted (file_encrypted) ' +
			'or damaged (file_broken), and with 413 (file_too_large) above the size limit.',
		tag,
		body: FileBody,
		extraBodyTypes: {
			'multipart/form-data': {
				type: 'object',
				required: ['file'],
				properties: { file: { type: 'string', format: 'binary' }, name: { type: 'string' } },
			},
		},
		// base64 is 4/3 of the bytes; leave room for the JSON around it.
		bodyLimit: Math.ceil((maxFileBytes * 4) / 3) + 64 * 1024,
		tooLarge: () => fileTooLarge(maxFileBytes),
		responses: { 201: { description: 'The stored file with its page count and page sizes', schema: FileResponse } },
		handler: async (context) => {
			const upload = context.request.isMultipart()
				? await readMultipart(context, maxFileBytes)
				: { name: context.body.name, bytes: Buffer.from(context.body.contentBase64, 'base64') };
			return service.addFile(context.principal, context.params.workflowId!, upload, context.event);
		},
	});

	api.define({
		method: 'GET',
		path: '/workflows/{workflowId}/files/{fileId}/content',
		operationId: 'downloadFile',
		summary: 'Download a file: the original, or the signed one once the workflow is completed',
		tag,
		query: z.strictObject({ version: FileVersion.default('original') }),
		responses: { 200: { description: 'The PDF bytes', contentType: 'application/pdf' } },
		handler: async ({ principal, params, query, reply }) => {
			const { file, bytes } = await service.getFileContent(principal, params.workflowId!, params.fileId!, query.version);
			const name = query.version === 'signed' ? file.name.replace(/(\.pdf)?$/i, '-signed.pdf') : file.name;
			return reply
				.header('content-type', 'application/pdf')
				.header('content-disposition', contentDisposition(name))
				.header('x-content-sha256', query.version === 'signed' ? file.signedSha256 : file.sha256)
				.send(bytes);
		},
	});
}

async function readMultipart(context: RouteContext<unknown, unknown>, maxFileBytes: number) {
	const part: MultipartFile | undefined = await context.request.file({ limits: { fileSize: maxFileBytes, files: 1 } });
	if (!part || part.fieldname !== 'file')
		throw invalid('file_missing', 'Send the PDF in a multipart field named "file".', [{ path: 'file', message: 'Missing.' }]);
	const bytes = await part.toBuffer();
	const nameField = part.fields.name;
	const given = nameField && 'value' in nameField && typeof nameField.value === 'string' ? nameField.value : part.filename;
	const name = FileName.safeParse(given || 'document.pdf');
	if (!name.success) throw validationError('body', name.error);
	return { name: name.data, bytes };
}

/** RFC 6266 with an ASCII fallback and the UTF-8 name. */
function contentDisposition(name: string): string {
	const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
