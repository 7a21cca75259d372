import { validate } from '@readme/openapi-parser';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';

let t: TestEngine;
let document: any;

beforeAll(async () => {
	t = await startTestEngine();
	const response = await t.api.withKey(null).get('/openapi.json');
	expect(response.status).toBe(200);
	document = response.body;
});
afterAll(() => t.destroy());

describe('OpenAPI document', () => {
	it('is a valid OpenAPI 3.1 document', async () => {
		expect(document.openapi).toBe('3.1.0');
		const result = await validate(structuredClone(document));
		if (!result.valid) throw new Error(JSON.stringify(result.errors, null, 2));
		expect(result.valid).toBe(true);
	});

	it('describes every endpoint of the contract, with a unique operationId', () => {
		const operations = Object.entries(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap(
			([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, id: operation.operationId })),
		);
		expect(operations.map((o) => o.key)).toEqual(
			expect.arrayContaining([
				'POST /workflows',
				'GET /workflows',
				'GET /workflows/{workflowId}',
				'POST /workflows/{workflowId}/files',
				'GET /workflows/{workflowId}/files/{fileId}/content',
				'POST /workflows/{workflowId}/signers',
				'POST /workflows/{workflowId}/signatures',
				'POST /workflows/{workflowId}/annotations',
				'POST /workflows/{workflowId}/send',
				'POST /workflows/{workflowId}/cancel',
				'GET /workflows/{workflowId}/audit',
				'GET /interface',
				'PUT /interface',
				'GET /me',
				'PATCH /workflows/{workflowId}',
				'DELETE /workflows/{workflowId}/files/{fileId}',
				'PATCH /workflows/{workflowId}/signers/{signerId}',
				'DELETE /workflows/{workflowId}/signers/{signerId}',
				'PATCH /workflows/{workflowId}/signatures/{signatureId}',
				'DELETE /workflows/{workflowId}/signatures/{signatureId}',
				'PATCH /workflows/{workflowId}/annotations/{annotationId}',
				'DELETE /workflows/{workflowId}/annotations/{annotationId}',
				'PATCH /templates/{templateId}/signatures/{signatureId}',
				'PATCH /templates/{templateId}/annotations/{annotationId}',
			]),
		);
		expect(new Set(operations.map((o) => o.id)).size).toBe(operations.length);
		expect(document.servers[0].url).toBe(`${t.engine.publicUrl}/api/v1`);
	});

	it('is generated from the same schemas the API validates with', () => {
		const addSigner = document.components.schemas.AddSignerRequest;
		expect(addSigner.required).toEqual(['name', 'email']);
		expect(addSigner.properties.role.enum).toEqual(['signer', 'approver', 'cc', 'viewer']);
		expect(addSigner.additionalProperties).toBe(false);
		const upload = document.paths['/workflows/{workflowId}/files'].post.requestBody.content;
		expect(Object.keys(upload)).toEqual(['application/json', 'multipart/form-data']);
		const listParameters = document.paths['/workflows'].get.parameters.map((p: { name: string }) => p.name);
		expect(listParameters).toEqual(['status', 'limit', 'cursor', 'q']);
		const errors = document.paths['/workflows/{workflowId}/send'].post.responses;
		expect(errors['409'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
	});

	it('shows the language fields where they are taken and where they are answered', () => {
		const schemas = document.components.schemas;
		const requestBody = (path: string, method: string) => {
			const schema = document.paths[path][method].requestBody.content['application/json'].schema;
			return schema.$ref ? schemas[schema.$ref.split('/').pop()] : schema;
		};
		const taken = [
			requestBody('/workflows', 'post').properties.locale,
			requestBody('/workflows/{workflowId}/signers', 'post').properties.locale,
			requestBody('/workflows/{workflowId}/correct', 'post').properties.locale,
			requestBody('/workflows/{workflowId}/correct', 'post').properties.signers.items.properties.locale,
			requestBody('/organization', 'patch').properties.defaultLocale,
		];
		for (const field of taken) {
			expect(JSON.stringify(field)).toContain('BCP 47');
			expect(JSON.stringify(field)).toContain('en, de, fr, it, es, pt, nl, pl, he');
		}
		expect(requestBody('/workflows/{workflowId}/correct', 'post').properties.signers.items.properties.locale.description).toMatch(/keeps the signer.s link/);
		const answer = (path: string, method: string) => {
			const schema = document.paths[path][method].responses['200'].content['application/json'].schema;
			return schema.$ref ? schemas[schema.$ref.split('/').pop()] : schema;
		};
		const answered = [
			answer('/workflows/{workflowId}', 'get').properties.locale,
			answer('/workflows/{workflowId}', 'get').properties.signers.items.properties.locale,
			answer('/workflows/{workflowId}/correct', 'post').properties.locale,
			answer('/organization', 'get').properties.defaultLocale,
		];
		for (const field of answered) expect(field).toMatchObject({ type: ['string', 'null'], description: expect.stringMatching(/language/) });
	});

	it('declares 415 wherever a body of the wrong type can be sent, and the API answers it', async () => {
		expect(document.paths['/workflows'].post.responses['415'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
		expect(document.paths['/workflows/{workflowId}/send'].post.responses['415']).toBeDefined();
		expect(document.paths['/workflows'].get.responses['415']).toBeUndefined();
		const draft = await t.api.post('/workflows', { name: 'Draft' });
		const response = await t.api.request('POST', `/workflows/${draft.body.id}/send`, { body: 'x', headers: { 'content-type': 'text/plain' } });
		expect({ status: response.status, code: response.body.error.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
	});
});
