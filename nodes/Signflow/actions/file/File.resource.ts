import type { Resource } from '../common';
import { addFile } from './add.operation';

export const fileResource: Resource = {
	resource: { name: 'File', value: 'file' },
	operationOptions: [{ name: 'Add', value: 'add', action: 'Add a PDF', description: 'Add a PDF from a binary field or a URL' }],
	operations: { add: addFile },
};
