import type { INodePropertyOptions } from 'n8n-workflow';

/** The engine's events a flow can start on (its catalogue, as the engine names them). */
export const TRIGGER_EVENTS: INodePropertyOptions[] = [
	{ name: '*', value: '*', description: 'Every event' },
	{ name: 'Annotation Added', value: 'annotation.added' },
	{ name: 'File Added', value: 'file.added' },
	{ name: 'Interface Updated', value: 'interface.updated' },
	{ name: 'Signature Field Added', value: 'signature.added' },
	{ name: 'Signer Access Code Failed', value: 'signer.access_code_failed', description: 'A wrong access code was entered on the signing page' },
	{ name: 'Signer Added', value: 'signer.added' },
	{ name: 'Signer Approved', value: 'signer.approved' },
	{ name: 'Signer Delegated', value: 'signer.delegated', description: 'A signer handed their place to someone else: carries the delegate\'s signing link' },
	{ name: 'Signer Finish Later', value: 'signer.finish_later', description: 'A signer saved what they filled in, to finish later' },
	{ name: 'Signer Invited', value: 'signer.invited', description: 'Their turn came: carries their signing link' },
	{ name: 'Signer Locked', value: 'signer.locked', description: 'Too many wrong access codes' },
	{ name: 'Signer Reassigned', value: 'signer.reassigned' },
	{ name: 'Signer Refused', value: 'signer.refused' },
	{ name: 'Signer Reissued', value: 'signer.reissued' },
	{ name: 'Signer Reminded', value: 'signer.reminded' },
	{ name: 'Signer Resent', value: 'signer.resent', description: 'Their invitation was sent again: carries their signing link' },
	{ name: 'Signer Signed', value: 'signer.signed' },
	{ name: 'Signer Viewed', value: 'signer.viewed' },
	{ name: 'Webhook Disabled', value: 'webhook.disabled' },
	{ name: 'Webhook Test', value: 'webhook.test' },
	{ name: 'Workflow Cancelled', value: 'workflow.cancelled' },
	{ name: 'Workflow Completed', value: 'workflow.completed', description: 'Everyone signed; the sealed PDF is ready' },
	{ name: 'Workflow Corrected', value: 'workflow.corrected', description: 'A sent signing workflow was changed; corrected signers get a new link (Signer Reissued)' },
	{ name: 'Workflow Created', value: 'workflow.created' },
	{ name: 'Workflow Deleted', value: 'workflow.deleted', description: 'A finished signing workflow and its documents were removed' },
	{ name: 'Workflow Discarded', value: 'workflow.discarded', description: 'A draft was thrown away' },
	{ name: 'Workflow Expired', value: 'workflow.expired' },
	{
		name: 'Workflow Finalization Failed',
		value: 'workflow.finalization_failed',
		description: 'The signed PDF could not be made, after every retry; the organization\'s admin is alerted',
	},
	{ name: 'Workflow Refused', value: 'workflow.refused' },
	{ name: 'Workflow Resent', value: 'workflow.resent', description: 'The invitations were sent again' },
	{ name: 'Workflow Sent', value: 'workflow.sent' },
];

export const DEFAULT_EVENTS = ['signer.signed', 'workflow.completed', 'workflow.refused', 'workflow.expired'];
