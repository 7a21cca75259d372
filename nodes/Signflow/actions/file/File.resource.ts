import type { Resource } from '../common';
import { addFile } from './add.operation';
import { removeFile } from './remove.operation';

export const fileResource: Resource = {
	resource: { name: 'File', value: 'file' },
	operationOptions: [
		{ name: 'Add', value: 'add', action: 'Add a PDF', description: 'Add a PDF from a binary field or a URL' },
		{ name: 'Remove', value: 'remove', action: 'Remove a PDF', description: 'Take a PDF out of a draft, with the fields on it' },
	],
	operations: { add: addFile, remove: removeFile },
};
