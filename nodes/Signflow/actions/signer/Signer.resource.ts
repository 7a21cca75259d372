import type { Resource } from '../common';
import { addSigner } from './add.operation';
import { getManySigners } from './getMany.operation';
import { reassignSigner } from './reassign.operation';
import { reissueLink } from './reissue.operation';
import { removeSigner } from './remove.operation';
import { updateSigner } from './update.operation';

export const signerResource: Resource = {
	resource: { name: 'Signer', value: 'signer' },
	operationOptions: [
		{ name: 'Add', value: 'add', action: 'Add a signer', description: 'Add a signer, approver, viewer or copy recipient' },
		{ name: 'Get Many', value: 'getAll', action: 'Get many signers', description: 'The signers of a signing workflow with their status and links' },
		{ name: 'Reassign', value: 'reassign', action: 'Reassign a signer', description: "Give a signer's place to another person, with a new link" },
		{ name: 'Reissue Link', value: 'reissue', action: 'Reissue a signing link', description: 'A new link for a signer; the old one stops working and a lock is lifted' },
		{ name: 'Remove', value: 'remove', action: 'Remove a signer', description: 'Take a signer out of a draft, with their fields' },
		{ name: 'Update', value: 'update', action: 'Update a signer', description: "Change a draft's signer: name, email, role, order, access code, language" },
	],
	operations: { add: addSigner, getAll: getManySigners, reassign: reassignSigner, reissue: reissueLink, update: updateSigner, remove: removeSigner },
};
