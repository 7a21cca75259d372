/** A JSON Schema as the engine's OpenAPI document writes them (zod's draft 2020-12 output). */
export type Schema = {
	$ref?: string;
	type?: string | string[];
	enum?: unknown[];
	const?: unknown;
	anyOf?: Schema[];
	oneOf?: Schema[];
	properties?: Record<string, Schema>;
	required?: string[];
	additionalProperties?: boolean | Schema;
	propertyNames?: Schema;
	items?: Schema;
	minItems?: number;
	maxItems?: number;
	minLength?: number;
	maxLength?: number;
	pattern?: string;
	format?: string;
	minimum?: number;
	maximum?: number;
	exclusiveMinimum?: number;
	default?: unknown;
};

export interface Parameter {
	name: string;
	in: 'path' | 'query';
	required: boolean;
	schema: Schema;
}

/** One operation of the document, with its schemas dereferenced. */
export interface Operation {
	operationId: string;
	method: string;
	/** OpenAPI path under the server URL, e.g. /workflows/{workflowId}. */
	path: string;
	tag: string;
	auth: boolean;
	pathParameters: Parameter[];
	queryParameters: Parameter[];
	jsonBody: Schema | null;
	multipartBody: Schema | null;
	/** Statuses the document declares for it. */
	statuses: Set<number>;
	/** The JSON body the document promises for each status that has one. */
	responseSchemas: Map<number, Schema>;
}

/** Every operation of the engine's OpenAPI document (GET /api/v1/openapi.json). */
export function operationsOf(document: any): Operation[] {
	const resolve = (schema: Schema): Schema => deref(document, schema);
	const operations: Operation[] = [];
	for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, any>>))
		for (const [method, operation] of Object.entries(methods)) {
			const parameters: Parameter[] = (operation.parameters ?? []).map((parameter: Parameter) => ({ ...parameter, schema: resolve(parameter.schema) }));
			const content = operation.requestBody?.content ?? {};
			operations.push({
				operationId: operation.operationId,
				method: method.toUpperCase(),
				path,
				tag: operation.tags?.[0] ?? '',
				auth: !(Array.isArray(operation.security) && operation.security.length === 0),
				pathParameters: parameters.filter((parameter) => parameter.in === 'path'),
				queryParameters: parameters.filter((parameter) => parameter.in === 'query'),
				jsonBody: content['application/json'] ? resolve(content['application/json'].schema) : null,
				multipartBody: content['multipart/form-data'] ? resolve(content['multipart/form-data'].schema) : null,
				statuses: new Set(Object.keys(operation.responses ?? {}).map(Number)),
				responseSchemas: new Map(
					Object.entries(operation.responses ?? {})
						.filter(([, response]: [string, any]) => response.content?.['application/json']?.schema)
						.map(([status, response]: [string, any]) => [Number(status), resolve(response.content['application/json'].schema)]),
				),
			});
		}
	return operations;
}

/** Replaces every local $ref by the schema it names (the document has no cycles). */
export function deref(document: any, schema: Schema): Schema {
	if (Array.isArray(schema)) return schema.map((item) => deref(document, item)) as unknown as Schema;
	if (!schema || typeof schema !== 'object') return schema;
	if (schema.$ref) {
		const target = schema.$ref
			.replace(/^#\//, '')
			.split('/')
			.reduce((node: any, key) => node?.[key], document);
		if (!target) throw new Error(`Unresolvable $ref ${schema.$ref}`);
		return deref(document, target);
	}
	return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, typeof value === 'object' && value !== null ? deref(document, value) : value]));
}
