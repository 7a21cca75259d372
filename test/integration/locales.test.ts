import { consentCatalogue } from '../../engine/i18n';
import type { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { fixturePdf } from '../helpers/pdf/fixtures';

/* The language chosen for each signer: their own, the workflow's, the organization's; the consent recorded in it. */

let t: TestEngine;
let api: ApiClient;
beforeAll(async () => {
	t = await startTestEngine();
	api = t.api;
});
afterAll(() => t.destroy());

async function sentWith(workflowLocale: string | undefined, signers: Array<{ name: string; locale?: string }>) {
	const workflow = await api.post('/workflows', { name: 'Arbeitsvertrag – Zoë Ångström', ...(workflowLocale ? { locale: workflowLocale } : {}) });
	expect(workflow.status).toBe(201);
	const file = await api.upload(workflow.body.id, 'vertrag.pdf', fixturePdf('a4-1page.pdf'));
	for (const [index, signer] of signers.entries()) {
		const added = await api.post(`/workflows/${workflow.body.id}/signers`, { email: `person${index}@example.com`, ...signer });
		expect(added.status).toBe(201);
		await api.post(`/workflows/${workflow.body.id}/signatures`, { fileId: file.body.id, signerId: added.body.id, page: 1, x: 50, y: 50 + index * 60 });
	}
	const response = await api.post(`/workflows/${workflow.body.id}/send`);
	expect(response.status).toBe(200);
	const clients = response.body.signers.map((signer: { signingUrl: string }) => new SignerClient(signer.signingUrl)) as SignerClient[];
	return { workflow: response.body, clients };
}

describe('locales', () => {
	it('are kept on signers, workflows and the organization, canonical', async () => {
		const { workflow } = await sentWith('fr-ch', [{ name: 'Jürgen Weiß', locale: 'de' }, { name: 'Émilie Dupont' }]);
		expect(workflow.locale).toBe('fr-CH');
		expect(workflow.signers.map((signer: { locale: string | null }) => signer.locale)).toEqual(['de', null]);
		const organization = await api.request('PATCH', '/organization', { json: { defaultLocale: 'pt-br' } });
		expect(organization.body.defaultLocale).toBe('pt-BR');
		expect((await api.get('/organization')).body.defaultLocale).toBe('pt-BR');
		expect((await api.request('PATCH', '/organization', { json: { defaultLocale: null } })).body.defaultLocale).toBeNull();
	});

	it('refuse a language the engine does not speak, naming the field and the supported ones', async () => {
		const workflow = await api.post('/workflows', { name: '契約書', locale: 'ja' });
		expect(workflow.status).toBe(422);
		expect(JSON.stringify(workflow.body.error)).toContain('locale');
		expect(JSON.stringify(workflow.body.error)).toContain('de, fr, it, es, pt, nl, pl, he');
		const draft = await api.post('/workflows', { name: 'Umowa' });
		const signer = await api.post(`/workflows/${draft.body.id}/signers`, { name: 'Łukasz Żółć', email: 'l@example.com', locale: 'klingon' });
		expect(signer.status).toBe(422);
	});

	it('give each signer the consent text in their language, else the workflow\'s, and record the one they read', async () => {
		const { workflow, clients } = await sentWith('it', [{ name: 'Jürgen Weiß', locale: 'de' }, { name: 'Giulia Ricci' }]);
		const [german, italian] = await Promise.all(clients.map((client) => client.session()));
		expect(german.body).toMatchObject({ locale: 'de', consentText: consentCatalogue.de.signer });
		expect(italian.body).toMatchObject({ locale: 'it', consentText: consentCatalogue.it.signer });

		expect((await clients[0].sign({ consent: true, locale: 'de', values: { [german.body.fields[0].id]: { type: 'typed', text: 'Jürgen Weiß' } } })).status).toBe(200);
		// The signer switched the page to Polish before consenting: the Polish text is what they agreed to.
		expect((await clients[1].sign({ consent: true, locale: 'pl', values: { [italian.body.fields[0].id]: { type: 'typed', text: 'Giulia Ricci' } } })).status).toBe(200);
		const events = (await api.get(`/workflows/${workflow.id}/audit`)).body.events as Array<{ type: string; data: Record<string, unknown> }>;
		const signed = events.filter((event) => event.type === 'signer.signed').map((event) => event.data);
		expect(signed).toEqual([
			expect.objectContaining({ consentLocale: 'de', consentVersion: 1, consentText: consentCatalogue.de.signer }),
			expect.objectContaining({ consentLocale: 'pl', consentVersion: 1, consentText: consentCatalogue.pl.signer }),
		]);
	});

	it('fall back to the organization\'s default, and to English without one', async () => {
		await api.request('PATCH', '/organization', { json: { defaultLocale: 'nl' } });
		try {
			const { clients } = await sentWith(undefined, [{ name: 'Sanne de Vries' }]);
			expect((await clients[0].session()).body).toMatchObject({ locale: 'nl', consentText: consentCatalogue.nl.signer });
		} finally {
			await api.request('PATCH', '/organization', { json: { defaultLocale: null } });
		}
		const { clients } = await sentWith(undefined, [{ name: 'Sam Lee' }]);
		expect((await clients[0].session()).body).toMatchObject({ locale: 'en', consentText: consentCatalogue.en.signer });
	});
});
