import { expect } from '@jest/globals';
import { fixturePdf } from '../pdf/fixtures';
import type { ApiClient } from './apiClient';
import { SignerClient } from './signerClient';

export interface ReadyDraft {
	workflowId: string;
	fileId: string;
	signerIds: string[];
}

/** A draft that can be sent: one A4 file, two signers in order 1 and 2, a signature field each; `fields`: more of the workflow's (expiresAt...). */
export async function createReadyDraft(api: ApiClient, name = 'Offer letter', fields: Record<string, unknown> = {}): Promise<ReadyDraft> {
	const workflow = await api.post('/workflows', { ...fields, name });
	expect(workflow.status).toBe(201);
	const workflowId = workflow.body.id as string;
	const file = await api.upload(workflowId, 'offer.pdf', fixturePdf('a4-1page.pdf'));
	expect(file.status).toBe(201);
	const signerIds: string[] = [];
	for (const [index, person] of ['Ann Lee', 'Bob Ray'].entries()) {
		const signer = await api.post(`/workflows/${workflowId}/signers`, {
			name: person,
			email: `${person.split(' ')[0].toLowerCase()}@example.com`,
			order: index + 1,
		});
		expect(signer.status).toBe(201);
		signerIds.push(signer.body.id);
		const field = await api.post(`/workflows/${workflowId}/signatures`, {
			fileId: file.body.id,
			signerId: signer.body.id,
			page: 1,
			x: 60 + index * 250,
			y: 80,
		});
		expect(field.status).toBe(201);
	}
	return { workflowId, fileId: file.body.id, signerIds };
}

/** Every signer of a sent draft signs its field (typed), in order. */
export async function signEveryone(api: ApiClient, workflowId: string, signers: Array<{ name: string; signingUrl: string }>): Promise<void> {
	const fields = (await api.get(`/workflows/${workflowId}`)).body.signatures;
	for (const [index, signer] of signers.entries())
		expect(
			(await new SignerClient(signer.signingUrl).sign({ consent: true, values: { [fields[index].id]: { type: 'typed', text: signer.name } } })).status,
		).toBe(200);
}
