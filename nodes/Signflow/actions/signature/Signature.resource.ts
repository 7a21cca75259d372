import type { Resource } from '../common';
import { addSignature } from './add.operation';

export const signatureResource: Resource = {
	resource: { name: 'Signature Field', value: 'signature' },
	operationOptions: [{ name: 'Add', value: 'add', action: 'Add a signature field', description: 'Where a signer signs: file, page, position and size' }],
	operations: { add: addSignature },
};
