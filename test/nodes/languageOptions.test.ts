import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';
import { Signflow } from '../../nodes/Signflow/Signflow.node';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { runSignflowNode, shutdownN8nCore } from '../helpers/n8n/inProcessNode';
import { fixturePdf } from '../helpers/pdf/fixtures';

/* The Language options: on Signing Workflow > Add and Correct, Signer > Add, Organization > Update. */

let t: TestEngine;
let credentials: ICredentialDataDecryptedObject;

beforeAll(async () => {
	t = await startTestEngine();
	credentials = { mode: 'remote', url: t.engine.url, apiKey: t.api.apiKey! };
});
afterAll(async () => {
	await t.destroy();
	shutdownN8nCore();
});

type Input = Parameters<typeof runSignflowNode>[2];

async function run(parameters: Record<string, unknown>, input?: Input) {
	const result = await runSignflowNode(parameters, credentials, input);
	if (result.error) throw result.error;
	return result.items.map((item) => item.json as Record<string, any>);
}

const addSigner = (workflowId: string, name: string, extra: Record<string, unknown> = {}, input?: Input) =>
	runSignflowNode({ resource: 'signer', operation: 'add', workflowId, name, email: `${name.length}@example.com`, role: 'signer', order: 1, accessCode: '', ...extra }, credentials, input);

const LANGUAGES = [
	['English', 'en'],
	['Deutsch', 'de'],
	['Français', 'fr'],
	['Italiano', 'it'],
	['Español', 'es'],
	['Português (Brasil)', 'pt-BR'],
	['Português', 'pt'],
	['Nederlands', 'nl'],
	['Polski', 'pl'],
	['עברית', 'he'],
];

describe('Language options in the editor', () => {
	const properties = new Signflow().description.properties;
	const parameter = (resource: string, operation: string, name: string) =>
		properties.find((property) => property.name === name && property.displayOptions?.show?.resource?.[0] === resource && property.displayOptions.show.operation?.[0] === operation)!;
	const option = (collection: INodeProperties, name: string) => (collection.options as INodeProperties[]).find((candidate) => candidate.name === name)!;
	const offered = (property: INodeProperties) => (property.options as Array<{ name: string; value: string }>).map(({ name, value }) => [name, value]);
	const correction = (parameter('workflow', 'correct', 'signers').options as Array<{ values: INodeProperties[] }>)[0].values.find((value) => value.name === 'locale')!;

	it('offers every language under its own name, with what each choice falls back to', () => {
		const workflowAdd = option(parameter('workflow', 'add', 'additionalFields'), 'locale');
		const signerAdd = parameter('signer', 'add', 'locale');
		const organization = option(parameter('organization', 'update', 'updateFields'), 'defaultLocale');
		const workflowCorrect = option(parameter('workflow', 'correct', 'changes'), 'locale');

		expect({ displayName: workflowAdd.displayName, type: workflowAdd.type, offered: offered(workflowAdd) }).toEqual({ displayName: 'Language', type: 'options', offered: LANGUAGES });
		expect({ displayName: signerAdd.displayName, default: signerAdd.default, offered: offered(signerAdd) }).toEqual({
			displayName: 'Language',
			default: '',
			offered: [['Signing Workflow\'s Language', ''], ...LANGUAGES],
		});
		expect({ displayName: organization.displayName, offered: offered(organization) }).toEqual({ displayName: 'Default Language', offered: [...LANGUAGES, ['None (the Signer\'s Browser)', 'follow']] });
		expect(offered(workflowCorrect)).toEqual([...LANGUAGES, ['Organization\'s Default Language', 'follow']]);
		expect({ displayName: correction.displayName, default: correction.default, offered: offered(correction) }).toEqual({
			displayName: 'New Language',
			default: '',
			offered: [['Keep', ''], ...LANGUAGES, ['Signing Workflow\'s Language', 'follow']],
		});

		// The fallback, in the order the engine follows it, and that an expression may give any tag.
		expect(signerAdd.description).toMatch(/signing workflow's language, else the organization's Default Language, else the signer's browser/);
		expect(workflowAdd.description).toMatch(/organization's Default Language applies, else the signer's browser/);
		for (const property of [workflowAdd, signerAdd, organization, workflowCorrect, correction]) expect(property.description).toMatch(/expression may give any tag .*de-CH/);
	});
});

describe('Language options at work', () => {
	it('gives the signing workflow and each signer their language, by option or by expression, and leaves an unset one to follow', async () => {
		const [workflow] = await run({ resource: 'workflow', operation: 'add', name: 'Arbeitsvertrag – Zoë Ångström', additionalFields: { locale: 'de' } });
		expect(workflow.locale).toBe('de');
		const workflowId = workflow.id as string;

		const chosen = await addSigner(workflowId, 'João Conceição', { locale: 'pt-BR' });
		expect(chosen.items[0].json).toMatchObject({ name: 'João Conceição', locale: 'pt-BR' });
		// From the item: any tag of a supported language, made canonical by the engine.
		const mapped = await addSigner(workflowId, 'Noémie Rochat', { locale: '={{ $json.language }}' }, [{ json: { language: 'fr-ch' } }]);
		expect(mapped.error).toBeUndefined();
		expect(mapped.items[0].json).toMatchObject({ name: 'Noémie Rochat', locale: 'fr-CH' });
		const following = await addSigner(workflowId, 'Jürgen Weiß');
		expect(following.items[0].json).toMatchObject({ name: 'Jürgen Weiß', locale: null });

		const stored = await t.api.get(`/workflows/${workflowId}`);
		expect(stored.body).toMatchObject({ locale: 'de', signers: [{ locale: 'pt-BR' }, { locale: 'fr-CH' }, { locale: null }] });
		const plain = await run({ resource: 'workflow', operation: 'add', name: 'Contract', additionalFields: {} });
		expect(plain[0].locale).toBeNull();
	});

	it('reports a language the engine does not speak as a NodeApiError that names the field and the supported ones', async () => {
		const [workflow] = await run({ resource: 'workflow', operation: 'add', name: '契約書', additionalFields: {} });
		const refused = await addSigner(workflow.id as string, '山田太郎', { locale: '={{ "ja-JP" }}' });
		expect(refused.error?.name).toBe('NodeApiError');
		expect(refused.error?.message).toMatch(/locale: .*en, de, fr, it, es, pt, nl, pl, he/);
	});

	it('sets and removes the organization\'s Default Language', async () => {
		const [set] = await run({ resource: 'organization', operation: 'update', updateFields: { defaultLocale: 'nl' } });
		expect(set.defaultLocale).toBe('nl');
		expect((await t.api.get('/organization')).body.defaultLocale).toBe('nl');
		const [removed] = await run({ resource: 'organization', operation: 'update', updateFields: { defaultLocale: 'follow' } });
		expect(removed.defaultLocale).toBeNull();
		const [other] = await run({ resource: 'organization', operation: 'update', updateFields: { name: 'Acme GmbH' } });
		expect(other.defaultLocale).toBeNull();
	});

	it('corrects the language of a sent workflow and of a signer who has not acted, keeping the signer\'s link', async () => {
		const [workflow] = await run({ resource: 'workflow', operation: 'add', name: 'Contratto – Niccolò', additionalFields: { locale: 'it' } });
		const workflowId = workflow.id as string;
		const [file] = await run({ resource: 'file', operation: 'add', workflowId, source: 'binary', binaryPropertyName: 'data', fileName: '' }, [
			{ json: {}, binary: { data: { data: fixturePdf('a4-1page.pdf'), fileName: 'contratto.pdf', mimeType: 'application/pdf' } } },
		]);
		const signers = [];
		for (const [index, name] of ['Rivka Levi', 'Sanne de Vries'].entries()) {
			const { items } = await addSigner(workflowId, name, { locale: index === 0 ? '' : 'nl' });
			signers.push(items[0].json as Record<string, any>);
			await run({ resource: 'signature', operation: 'add', workflowId, fileId: file.id, signerId: items[0].json.id, page: 1, x: 50, y: 50 + index * 60, width: 180, height: 50, kind: 'signature', required: true });
		}
		const [sent] = await run({ resource: 'workflow', operation: 'send', workflowId, output: 'workflow' });

		const [corrected] = await run({
			resource: 'workflow',
			operation: 'correct',
			workflowId,
			signers: { signer: [{ signerId: signers[0].id, name: '', email: '', locale: 'he' }, { signerId: signers[1].id, name: '', email: '', locale: 'follow' }] },
			changes: { locale: 'es' },
		});
		expect(corrected).toMatchObject({ locale: 'es', signers: [{ locale: 'he' }, { locale: null }] });
		expect(corrected.signers.map((signer: { signingUrl: string }) => signer.signingUrl)).toEqual(sent.signers.map((signer: { signingUrl: string }) => signer.signingUrl));

		const [back] = await run({ resource: 'workflow', operation: 'correct', workflowId, signers: {}, changes: { locale: 'follow' } });
		expect(back.locale).toBeNull();
		const unchanged = await runSignflowNode({ resource: 'workflow', operation: 'correct', workflowId, signers: { signer: [{ signerId: signers[0].id, name: '', email: '', locale: '' }] }, changes: {} }, credentials);
		expect(unchanged.error?.message).toMatch(/changes nothing: fill in New Name, New Email, New Language or New Redirect URL/);
	});
});
