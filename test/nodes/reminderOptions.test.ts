import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';
import { Signflow } from '../../nodes/Signflow/Signflow.node';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { runSignflowNode, shutdownN8nCore } from '../helpers/n8n/inProcessNode';

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

const add = (reminders: unknown) =>
	runSignflowNode({ resource: 'workflow', operation: 'add', name: 'Bewerbung – Zoë 履歴書 📄', additionalFields: { timeZone: 'Europe/Berlin', reminders } }, credentials);

describe('Signing Workflow > Add: reminders', () => {
	it('offers First Reminder After, Every and Max in Additional Fields, and none of the older numeric fields', () => {
		const additional = new Signflow().description.properties.find(
			(property) => property.name === 'additionalFields' && property.displayOptions?.show?.operation?.[0] === 'add' && property.displayOptions.show.resource?.[0] === 'workflow',
		)!;
		const reminders = (additional.options as INodeProperties[]).find((option) => option.name === 'reminders')!;
		expect(reminders).toMatchObject({ displayName: 'Reminders', type: 'fixedCollection' });
		const [policy] = reminders.options as Array<{ name: string; values: INodeProperties[] }>;
		expect(policy.values.map(({ displayName, name, type, default: value }) => ({ displayName, name, type, value }))).toEqual([
			{ displayName: 'Every', name: 'every', type: 'string', value: 'P1D' },
			{ displayName: 'First Reminder After', name: 'firstAfter', type: 'string', value: 'P2D' },
			{ displayName: 'Max', name: 'max', type: 'number', value: 3 },
		]);
		expect(JSON.stringify(new Signflow().description)).not.toMatch(/intervalDays|maxReminders/);
	});

	it('creates the signing workflow with that reminder policy, and the defaults the editor showed for fields left as they were', async () => {
		const given = await add({ policy: { firstAfter: 'PT12H', every: 'P2D', max: 4 } });
		expect(given.error).toBeUndefined();
		expect(given.items[0].json.reminderPolicy).toEqual({ firstAfter: 'PT12H', every: 'P2D', max: 4 });
		const stored = await t.api.get(`/workflows/${given.items[0].json.id as string}`);
		expect(stored.body.reminderPolicy).toEqual({ firstAfter: 'PT12H', every: 'P2D', max: 4 });

		const defaults = await add({ policy: { max: 1 } });
		expect(defaults.items[0].json.reminderPolicy).toEqual({ firstAfter: 'P2D', every: 'P1D', max: 1 });

		const none = await add({});
		expect(none.items[0].json.reminderPolicy).toBeNull();
	});

	it("reports a duration the engine refuses as a NodeApiError that names the field and says why", async () => {
		const result = await add({ policy: { firstAfter: '2 days', every: 'P1D', max: 3 } });
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/reminderPolicy\.firstAfter: Must be an ISO 8601 duration/);
		expect((result.error as unknown as { httpCode: string }).httpCode).toBe('422');

		const tooOften = await add({ policy: { firstAfter: 'P1D', every: 'PT10M', max: 3 } });
		expect(tooOften.error?.message).toMatch(/reminderPolicy\.every: Must be at least PT1H/);
	});
});
