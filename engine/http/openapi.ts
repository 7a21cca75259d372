import { z } from 'zod';
import { ErrorBody } from './errors';
import { IDEMPOTENCY_HEADER, REPLAYED_HEADER, takesIdempotencyKey } from './idempotency';
import type { RouteSpec } from './route';

const COMPONENT_NAMES = new Map<z.ZodType, string>();

/** Gives a schema a name under components/schemas; unnamed schemas are inlined. */
export function named<T extends z.ZodType>(name: string, schema: T): T {
	COMPONENT_NAMES.set(schema, name);
	return schema;
}

named('Error', ErrorBody);

const ERROR_RESPONSES: Record<number, string> = {
	400: 'Malformed request (not JSON, bad multipart)',
	401: 'Missing or invalid API key',
	404: 'Not found in your organization',
	409: 'Not allowed in the current state',
	413: 'Too large',
	415: 'A body of a content type this endpoint does not take',
	422: 'Valid JSON with invalid values',
	429: 'Rate limited: wait the seconds given in the Retry-After header',
};

/**
 * OpenAPI 3.1 built from the very zod schemas the routes validate with, so
 * the document cannot drift from the API. OpenAPI 3.1 uses JSON Schema
 * 2020-12, which is what zod emits.
 */
export function buildOpenApi(routes: readonly RouteSpec[], options: { serverUrl: string; version: string }) {
	const components: Record<string, unknown> = {};
	const toSchema = (schema: z.ZodType, io: 'input' | 'output') => {
		const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
			target: 'draft-2020-12',
			io,
			unrepresentable: 'any',
			reused: 'inline',
		}) as Record<string, unknown>;
		const name = COMPONENT_NAMES.get(schema);
		if (!name) return json;
		components[name] = json;
		return { $ref: `#/components/schemas/${name}` };
	};

	const paths: Record<string, Record<string, unknown>> = {};
	for (const route of routes) {
		const parameters = [
			...[...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
				name,
				in: 'path',
				required: true,
				schema: name === 'deliveryId' ? { type: 'string', pattern: '^msg_[0-9a-f]{32}$' } : { type: 'string', format: 'uuid' },
			})),
			...queryParameters(route, toSchema),
			...(takesIdempotencyKey(route, Number(Object.keys(route.responses)[0]))
				? [
						{
							name: IDEMPOTENCY_HEADER,
							in: 'header',
							required: false,
							description:
								'A key of your own (1 to 255 visible ASCII characters, such as a UUID): a retry with the same key and request gets the first answer ' +
								`(with ${REPLAYED_HEADER}: true) and creates nothing; the same key with another request is a 409 idempotency_key_reused, ` +
								'and while the first still runs a 409 idempotency_key_in_progress. Kept 24 hours.',
							schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
						},
					]
				: []),
		];
		const responses: Record<string, unknown> = {};
		for (const [status, response] of Object.entries(route.responses)) {
			responses[status] = {
				description: response.description,
				...(response.schema || response.contentType
					? {
							content: {
								[response.contentType ?? 'application/json']: {
									schema: response.schema ? toSchema(response.schema, 'output') : { type: 'string', format: 'binary' },
								},
							},
						}
					: {}),
			};
		}
		// Any request that can carry a body can carry one of the wrong type (GET bodies are not read).
		const errorStatuses = [401, 404, 409, 413, 415, 422, 429, 400].filter(
			(status) => !(status === 401 && route.auth === false) && !(status === 415 && route.method === 'GET') && !responses[status],
		);
		for (const status of errorStatuses)
			responses[status] = {
				description: ERROR_RESPONSES[status],
				...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 1 } } } } : {}),
				content: { 'application/json': { schema: toSchema(ErrorBody, 'output') } },
			};

		paths[route.path] ??= {};
		paths[route.path][route.method.toLowerCase()] = {
			operationId: route.operationId,
			summary: route.summary,
			...(route.description ? { description: route.description } : {}),
			tags: [route.tag],
			...(route.auth === false ? { security: [] } : {}),
			...(parameters.length ? { parameters } : {}),
			...(route.body
				? {
						requestBody: {
							required: true,
							content: {
								'application/json': { schema: toSchema(route.body, 'input') },
								...Object.fromEntries(
									Object.entries(route.extraBodyTypes ?? {}).map(([type, schema]) => [type, { schema }]),
								),
							},
						},
					}
				: {}),
			responses,
		};
	}

	return {
		openapi: '3.1.0',
		info: {
			title: 'Signflow API',
			version: options.version,
			description:
				'Self-hosted e-signature engine: signing workflows with files, signers, signature fields and annotations. ' +
				'Authenticate with `Authorization: Bearer <api key>`; coordinates are PDF points from the bottom-left corner, pages start at 1.',
		},
		servers: [{ url: options.serverUrl }],
		security: [{ bearerAuth: [] }],
		tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
		paths,
		components: {
			securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key from `signflow org create`' } },
			schemas: components,
		},
	};
}

function queryParameters(route: RouteSpec, toSchema: (schema: z.ZodType, io: 'input') => unknown) {
	if (!route.query) return [];
	const json = toSchema(route.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
	return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
		name,
		in: 'query',
		required: json.required?.includes(name) ?? false,
		schema,
	}));
}
