import { rmSync } from 'node:fs';
import { NodeHelpers } from 'n8n-workflow';
import { SignflowApi } from '../../credentials/SignflowApi.credentials';
import { stopEmbeddedEngines } from '../../engine/runtime/embedded';
import { tempDataDir } from '../helpers/engine/engine';
import { StoredCredential } from '../helpers/n8n/inProcessCredential';

/*
 * What n8n relies on to keep a credential's organization key: the hidden
 * field is the one n8n treats as expirable (so it calls preAuthentication)
 * and redacts (password), and the editor's save keeps it.
 */

const type = new SignflowApi();
const REDACTED = '__n8n_BLANK_VALUE_e5362baf-c777-4d57-a609-6eaf1f9e87f6';

afterAll(() => stopEmbeddedEngines());

describe('the hidden organization key', () => {
	it('is the one hidden, expirable field, redacted by n8n like a password', () => {
		const expirable = type.properties.filter((property) => property.type === 'hidden' && property.typeOptions?.expirable === true);
		expect(expirable.map((property) => [property.name, property.typeOptions?.password])).toEqual([['embeddedApiKey', true]]);
		expect(expirable[0].displayOptions).toBeUndefined();
	});

	it.each(['embedded', 'remote'])("survives the editor's save (n8n-workflow's getNodeParameters) in %s mode", (mode) => {
		const saved = NodeHelpers.getNodeParameters(type.properties, { mode, organizationName: 'Acme HR', embeddedApiKey: REDACTED }, false, false, null, null);
		expect(saved?.embeddedApiKey).toBe(REDACTED);
	});
});

describe('authenticate', () => {
	it("sends the credential's own key, whatever Authorization header the request brings", async () => {
		const dataFolder = tempDataDir('credential-headers');
		try {
			const stored = new StoredCredential({ mode: 'embedded', organizationName: 'Acme HR', dataFolder, port: 0, host: '127.0.0.1', publicUrl: '', email: 'none' });
			await stored.api();
			const options = await type.authenticate(
				{ ...stored.data },
				{ url: 'http://127.0.0.1:1/api/v1/me', headers: { authorization: 'Bearer sf_live_crafted', AUTHORIZATION: 'Bearer sf_live_other', 'x-team': 'hr' } },
			);
			expect(options.headers).toEqual({ 'x-team': 'hr', Authorization: `Bearer ${stored.apiKey}` });
		} finally {
			await stopEmbeddedEngines();
			rmSync(dataFolder, { recursive: true, force: true });
		}
	});

	it('says what to do when a credential has no key yet (n8n runs preAuthentication first)', async () => {
		await expect(type.authenticate({ mode: 'embedded', organizationName: 'Acme HR', embeddedApiKey: '' }, { url: '/api/v1/me' })).rejects.toThrow(
			/has no organization yet: open it in n8n and save it again/,
		);
	});
});
