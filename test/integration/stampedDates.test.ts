import { auditWith } from '../helpers/engine/audit';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { pdftotext } from '../helpers/pdf/pdfTools';

/*
 * A date a signer fills in is written in that signer's language, on the next signer's page and in
 * the signed PDF, as their own page showed it; a date the sender fixed is in the document's language.
 */

let t: TestEngine;
beforeAll(async () => {
	t = await startTestEngine({ finalizePollIntervalMs: 50 });
});
afterAll(() => t.destroy());

it('writes a signer\'s date in their language and the sender\'s in the document\'s', async () => {
	const { api } = t;
	const workflow = (await api.post('/workflows', { name: 'Offer letter – Zoë Ångström', timeZone: 'Europe/Berlin' })).body;
	const file = (await api.upload(workflow.id, 'offer.pdf', fixturePdf('a4-1page.pdf'))).body;
	const add = async (signer: Record<string, unknown>) => (await api.post(`/workflows/${workflow.id}/signers`, signer)).body.id as string;
	const jurgen = await add({ name: 'Jürgen Weiß', email: 'juergen@example.com', locale: 'de' });
	await add({ name: 'Émilie Dupont', email: 'emilie@example.com', locale: 'fr', role: 'approver', order: 2 });
	const signature = (await api.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: jurgen, page: 1, x: 50, y: 80, width: 200, height: 40 })).body.id;
	const startDate = (await api.post(`/workflows/${workflow.id}/annotations`, { fileId: file.id, signerId: jurgen, page: 1, x: 300, y: 80, width: 220, type: 'date' })).body.id;
	await api.post(`/workflows/${workflow.id}/annotations`, { fileId: file.id, page: 1, x: 300, y: 200, width: 220, type: 'date', value: '2027-03-01' });
	const sent = (await api.post(`/workflows/${workflow.id}/send`)).body;
	const link = (email: string) => new SignerClient(sent.signers.find((signer: { email: string }) => signer.email === email).signingUrl);

	const values = { [signature]: { type: 'typed', text: 'Jürgen Weiß' }, [startDate]: { type: 'date', value: '2027-01-04' } };
	expect((await link('juergen@example.com').sign({ consent: true, locale: 'de', values })).status).toBe(200);
	const emilie = (await link('emilie@example.com').session()).body;
	expect(emilie.completed.find((field: { kind: string }) => field.kind === 'date').value.text).toBe('4 janvier 2027');
	expect(emilie.fixed.find((field: { type: string }) => field.type === 'date').value).toBe('1 mars 2027');
	expect((await link('emilie@example.com').sign({ consent: true, locale: 'fr' })).status).toBe(200);
	await auditWith(api, workflow.id, 'workflow.completed', 60_000);

	const signed = (await api.get(`/workflows/${workflow.id}/files/${file.id}/content?version=signed`)).bytes;
	const page = pdftotext(signed, 1).replace(/\s+/g, ' ');
	expect(page).toContain('4. Januar 2027');
	expect(page).not.toContain('4 January 2027');
	expect(page).toContain('1 March 2027');
});
