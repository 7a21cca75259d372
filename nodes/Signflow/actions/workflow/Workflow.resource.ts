import type { Resource } from '../common';
import { addWorkflow } from './add.operation';
import { cancelWorkflow } from './cancel.operation';
import { correctWorkflow } from './correct.operation';
import { createWorkflowFromTemplate } from './createFromTemplate.operation';
import { deleteWorkflow } from './delete.operation';
import { discardWorkflow } from './discard.operation';
import { downloadSignedDocument } from './downloadSigned.operation';
import { getWorkflow } from './get.operation';
import { getAuditTrail } from './getAuditTrail.operation';
import { getManyWorkflows } from './getMany.operation';
import { purgeWorkflow } from './purge.operation';
import { remindSigners } from './remind.operation';
import { resendWorkflow } from './resend.operation';
import { retrySealing } from './retrySealing.operation';
import { sendWorkflow } from './send.operation';
import { updateWorkflow } from './update.operation';

export const workflowResource: Resource = {
	resource: { name: 'Signing Workflow', value: 'workflow' },
	operationOptions: [
		{ name: 'Add', value: 'add', action: 'Add a signing workflow', description: 'Create a draft signing workflow' },
		{ name: 'Cancel', value: 'cancel', action: 'Cancel a signing workflow', description: 'Stop a sent signing workflow' },
		{ name: 'Correct', value: 'correct', action: 'Correct a signing workflow', description: 'Change a sent signing workflow: signers who have not signed, the expiry, the message, the language' },
		{
			name: 'Create From Template',
			value: 'createFromTemplate',
			action: 'Create a signing workflow from a template',
			description: "A person for each of the template's roles, its named fields filled in; sent at once if you choose",
		},
		{ name: 'Delete', value: 'delete', action: 'Delete a signing workflow', description: 'Remove a finished signing workflow and its documents' },
		{ name: 'Discard', value: 'discard', action: 'Discard a draft', description: 'Throw away a draft signing workflow' },
		{ name: 'Download Signed Document', value: 'downloadSigned', action: 'Download the signed document', description: 'The sealed PDFs with their certificate of completion' },
		{ name: 'Get', value: 'get', action: 'Get a signing workflow', description: 'One signing workflow with its files, signers and fields' },
		{ name: 'Get Audit Trail', value: 'getAuditTrail', action: 'Get the audit trail', description: 'Every event, and whether the hash chain is intact' },
		{ name: 'Get Many', value: 'getAll', action: 'Get many signing workflows', description: 'List signing workflows, newest first' },
		{ name: 'Purge', value: 'purge', action: 'Purge a signing workflow', description: "Delete a finished signing workflow's documents, and optionally its personal data" },
		{ name: 'Remind', value: 'remind', action: 'Remind signers', description: 'Remind the signers whose turn it is' },
		{ name: 'Resend', value: 'resend', action: 'Resend the invitations', description: 'Send the invitations again, with the same links, to the signers whose turn it is' },
		{
			name: 'Retry Sealing',
			value: 'retrySealing',
			action: 'Retry sealing the signed document',
			description: 'Make the signed PDF again after it failed for good (once its cause is mended); outputs the signing workflow',
		},
		{ name: 'Send', value: 'send', action: 'Send a signing workflow', description: 'Send a draft to its signers; outputs each signing link' },
		{ name: 'Update', value: 'update', action: 'Update a draft', description: "Change a draft's name, message, expiry, language and settings (drafts only)" },
	],
	operations: {
		add: addWorkflow,
		createFromTemplate: createWorkflowFromTemplate,
		get: getWorkflow,
		getAll: getManyWorkflows,
		send: sendWorkflow,
		cancel: cancelWorkflow,
		remind: remindSigners,
		downloadSigned: downloadSignedDocument,
		getAuditTrail,
		purge: purgeWorkflow,
		discard: discardWorkflow,
		delete: deleteWorkflow,
		correct: correctWorkflow,
		resend: resendWorkflow,
		update: updateWorkflow,
		retrySealing,
	},
};
