import { consentCatalogue } from '../../engine/i18n';
import type { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { SignerClient } from '../helpers/engine/signerClient';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

/* The language chosen for each signer: their own, the workflow's, the organization's; the consent recorded in it. */

let t: TestEngine;
let api: ApiClient;
let receiver: Receiver;
beforeAll(async () => {
	receiver = await startReceiver();
	t = await startTestEngine({ allowPrivateWebhooks: true, webhookPollIntervalMs: 50 });
	api = t.api;
	const hook = await api.post('/webhooks', { name: 'Sprachen', url: receiver.url, events: ['workflow.sent', 'signer.invited', 'workflow.corrected'], includeWorkflowSummary: true, auth: { type: 'none' } });
	expect(hook.status).toBe(201);
});
afterAll(async () => {
	await t.destroy();
	await receiver.close();
});

/** The webhooks received for one workflow's events of `type`, once `count` of them arrived. */
function hooksOf(workflowId: string, type: string, count: number) {
	return until(
		() => receiver.received.filter((request) => request.body.event === type && request.body.data.workflowId === workflowId),
		(found) => found.length === count,
	);
}

async function sentWith(workflowLocale: string | undefined, signers: Array<{ name: string; locale?: string }>) {
	const workflow = await api.post('/workflows', { name: 'Arbeitsvertrag – Zoë Ångström', ...(workflowLocale ? { locale: workflowLocale } : {}) });
	expect(workflow.status).toBe(201);
	const file = await api.upload(workflow.body.id, 'vertrag.pdf', fixturePdf('a4-1page.pdf'));
	expect([file.status, file.body.error]).toEqual([201, undefined]);
	for (const [index, signer] of signers.entries()) {
		const added = await api.post(`/workflows/${workflow.body.id}/signers`, { email: `person${index}@example.com`, ...signer });
		expect(added.status).toBe(201);
		await api.post(`/workflows/${workflow.body.id}/signatures`, { fileId: file.body.id, signerId: added.body.id, page: 1, x: 50, y: 50 + index * 60 });
	}
	const response = await api.post(`/workflows/${workflow.body.id}/send`);
	expect([response.status, response.body.error]).toEqual([200, undefined]);
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

describe('a language in the API around it', () => {
	it('is in the webhooks: each signer\'s and, in the workflow summary, the workflow\'s', async () => {
		const { workflow } = await sentWith('pl', [{ name: 'Jürgen Weiß', locale: 'de-AT' }, { name: 'Łukasz Żółć' }]);
		const [sent] = await hooksOf(workflow.id, 'workflow.sent', 1);
		expect(sent.body.data.workflow).toMatchObject({ locale: 'pl', signers: [{ name: 'Jürgen Weiß', locale: 'de-AT' }, { name: 'Łukasz Żółć', locale: null }] });
		const invited = await hooksOf(workflow.id, 'signer.invited', 2);
		expect(invited.map((hook) => [hook.body.data.signer.name, hook.body.data.signer.locale]).sort()).toEqual([
			['Jürgen Weiß', 'de-AT'],
			['Łukasz Żółć', null],
		]);
	});

	it('is corrected on a sent workflow and its signers who have not acted: the same link, read in the new language', async () => {
		const { workflow, clients } = await sentWith('de', [{ name: 'Jürgen Weiß', locale: 'de' }, { name: 'Rivka Levi' }, { name: 'Sanne de Vries', locale: 'nl' }]);
		const [jurgen, rivka, sanne] = workflow.signers as Array<{ id: string; signingUrl: string }>;
		const session = await clients[0].session();
		expect((await clients[0].sign({ consent: true, locale: 'de', values: { [session.body.fields[0].id]: { type: 'typed', text: 'Jürgen Weiß' } } })).status).toBe(200);

		const corrected = await api.post(`/workflows/${workflow.id}/correct`, { locale: 'fr-ch', signers: [{ id: rivka.id, locale: 'he' }, { id: sanne.id, locale: null }] });
		expect(corrected.status).toBe(200);
		expect(corrected.body.locale).toBe('fr-CH');
		expect(corrected.body.signers.map((signer: { locale: string | null; signingUrl: string }) => [signer.locale, signer.signingUrl])).toEqual([
			['de', jurgen.signingUrl],
			['he', rivka.signingUrl],
			[null, sanne.signingUrl],
		]);
		expect((await api.get(`/workflows/${workflow.id}`)).body).toMatchObject({ locale: 'fr-CH', signers: [{ locale: 'de' }, { locale: 'he' }, { locale: null }] });
		// The links they hold open in the new language: Rivka's own, Sanne the workflow's.
		expect((await clients[1].session()).body).toMatchObject({ locale: 'he', consentText: consentCatalogue.he.signer });
		expect((await clients[2].session()).body).toMatchObject({ locale: 'fr-CH', consentText: consentCatalogue.fr.signer });

		const events = (await api.get(`/workflows/${workflow.id}/audit`)).body.events as Array<{ type: string; data: Record<string, unknown> }>;
		expect(events.filter((event) => event.type === 'signer.reissued')).toEqual([]);
		const correction = events.find((event) => event.type === 'workflow.corrected')!;
		expect(correction.data).toMatchObject({
			changed: ['locale', 'signers'],
			locale: 'fr-CH',
			previousLocale: 'de',
			signers: [
				{ signerId: rivka.id, locale: 'he', newLink: false, previous: { locale: null } },
				{ signerId: sanne.id, locale: null, newLink: false, previous: { locale: 'nl' } },
			],
		});
		const [hook] = await hooksOf(workflow.id, 'workflow.corrected', 1);
		expect(hook.body.data).toMatchObject({ locale: 'fr-CH', previousLocale: 'de', workflow: { locale: 'fr-CH' } });

		// Jürgen signed: his language is what he read, and stays.
		const late = await api.post(`/workflows/${workflow.id}/correct`, { signers: [{ id: jurgen.id, locale: 'fr' }] });
		expect([late.status, late.body.error.code]).toEqual([409, 'signer_already_acted']);
		const unknown = await api.post(`/workflows/${workflow.id}/correct`, { signers: [{ id: rivka.id, locale: 'tlh' }] });
		expect(unknown.status).toBe(422);
		expect(JSON.stringify(unknown.body.error)).toContain('signers.0.locale');
	});

	it('gives a signer with a new email and a new language a new link, in that language', async () => {
		const { workflow, clients } = await sentWith(undefined, [{ name: 'Giulia Ricci' }]);
		const [giulia] = workflow.signers as Array<{ id: string; signingUrl: string }>;
		const corrected = await api.post(`/workflows/${workflow.id}/correct`, { signers: [{ id: giulia.id, email: 'giulia.ricci@example.it', locale: 'it' }] });
		expect(corrected.status).toBe(200);
		const [after] = corrected.body.signers;
		expect(after).toMatchObject({ email: 'giulia.ricci@example.it', locale: 'it' });
		expect(after.signingUrl).not.toBe(giulia.signingUrl);
		expect((await clients[0].session()).status).toBe(404);
		expect((await new SignerClient(after.signingUrl).session()).body).toMatchObject({ locale: 'it', consentText: consentCatalogue.it.signer });
	});
});
