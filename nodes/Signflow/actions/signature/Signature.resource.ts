import type { Resource } from '../common';
import { addSignature } from './add.operation';
import { removeSignature } from './remove.operation';
import { updateSignature } from './update.operation';

export const signatureResource: Resource = {
	resource: { name: 'Signature Field', value: 'signature' },
	operationOptions: [
		{ name: 'Add', value: 'add', action: 'Add a signature field', description: 'Where a signer signs: file, page, position and size' },
		{ name: 'Remove', value: 'remove', action: 'Remove a signature field', description: 'Take a signature field out of a draft' },
		{ name: 'Update', value: 'update', action: 'Update a signature field', description: "Move, resize or reassign a draft's signature field; it keeps its ID" },
	],
	operations: { add: addSignature, update: updateSignature, remove: removeSignature },
};
