import { z } from 'zod';
import type { SignflowService } from '../../app/service';
import { FileVersion, fileTooLarge, signedFileName } from '../../domain';
import { contentDisposition } from '../contentDisposition';
import { ErrorBody } from '../errors';
import type { ApiRouter } from '../route';
import { AddedFileResponse, FileBody, VerificationResponse, VerifyBody } from '../schemas';
import { multipartFlag, readUpload } from '../upload';

export function fileRoutes(api: ApiRouter, service: SignflowService, maxFileBytes: number): void {
	const tag = 'Files';

	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/files',
		operationId: 'addFile',
		summary: 'Add a PDF to a draft',
		description:
			'Send the PDF as multipart/form-data (field `file`, optional fields `name` and `textTags` before it) or as JSON with base64 content. ' +
			'With `textTags` true, the text tags in the PDF ({{signature;role=Employee}}, see the README) become fields of the draft\'s signers, ' +
			'listed in `textTagFields`, and are covered in white in the stored file; any tag that cannot be used refuses the upload with 422 text_tags_invalid, ' +
			'one detail per tag with its page. ' +
			'Refused with 422 when it is empty (file_empty), not a PDF (file_not_pdf), encrypted (file_encrypted) ' +
			'or damaged (file_broken), and with 413 (file_too_large) above the size limit.',
		tag,
		body: FileBody,
		extraBodyTypes: {
			'multipart/form-data': {
				type: 'object',
				required: ['file'],
				properties: { file: { type: 'string', format: 'binary' }, name: { type: 'string' }, textTags: { type: 'string', enum: ['true', 'false'] } },
			},
		},
		// base64 is 4/3 of the bytes; leave room for the JSON around it.
		bodyLimit: Math.ceil((maxFileBytes * 4) / 3) + 64 * 1024,
		tooLarge: () => fileTooLarge(maxFileBytes),
		responses: { 201: { description: 'The stored file with its page count and page sizes (and the fields its text tags made)', schema: AddedFileResponse } },
		answerInCommit: true,
		handler: async (context) => {
			const upload = await readUpload(context, maxFileBytes, () => fileTooLarge(maxFileBytes), ['name', 'textTags']);
			const textTags = context.request.isMultipart() ? multipartFlag(upload.fields.textTags, 'textTags', false) : (context.body?.textTags ?? false);
			return service.addFile(context.principal, context.params.workflowId, { name: upload.name, bytes: upload.bytes, textTags }, context.event);
		},
	});

	api.define({
		method: 'POST',
		path: '/verify',
		operationId: 'verifyDocument',
		summary: 'Check whether a PDF is an unmodified signed document of this engine',
		description:
			'Upload the PDF (multipart field `file`, or JSON `{ contentBase64 }`). The answer says whether its seal verifies over the whole file, ' +
			'whether this engine produced exactly this file for your organization, and for which signing workflow.',
		tag: 'Verification',
		body: VerifyBody,
		extraBodyTypes: {
			'multipart/form-data': { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
		},
		bodyLimit: Math.ceil((maxFileBytes * 4) / 3) + 64 * 1024,
		tooLarge: () => fileTooLarge(maxFileBytes),
		responses: { 200: { description: 'The verdict', schema: VerificationResponse } },
		handler: async (context) => {
			const { bytes } = await readUpload(context, maxFileBytes, () => fileTooLarge(maxFileBytes), []);
			return service.verify(context.principal, bytes);
		},
	});

	api.define({
		method: 'GET',
		path: '/workflows/{workflowId}/files/{fileId}/content',
		operationId: 'downloadFile',
		summary: 'Download a file: the original, or the signed one once the workflow is completed',
		tag,
		query: z.strictObject({ version: FileVersion.default('original') }),
		responses: {
			200: { description: 'The PDF bytes', contentType: 'application/pdf' },
			410: { description: 'The document was purged (document_purged); its SHA-256 stays in the workflow', schema: ErrorBody },
		},
		handler: async ({ principal, params, query, reply }) => {
			const { file, content } = await service.getFileContent(principal, params.workflowId, params.fileId, query.version);
			const name = query.version === 'signed' ? signedFileName(file.name) : file.name;
			return reply
				.header('content-type', 'application/pdf')
				.header('content-disposition', contentDisposition(name))
				.header('x-content-sha256', query.version === 'signed' ? file.signedSha256 : file.sha256)
				.header('content-length', content.size)
				.send(content.body);
		},
	});
}
