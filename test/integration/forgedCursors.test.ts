import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { TEST_DB } from '../helpers/engine/testDatabase';

/*
 * Cursors are opaque, but a client can send anything in their place: one the
 * API never handed out is a 422 invalid_cursor on SQLite and on PostgreSQL
 * (which refuses NUL bytes and numbers beyond bigint with an error of its
 * own), never a 500. Found by the fuzz test.
 */
const forged = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');

describe(`forged cursors on ${TEST_DB}`, () => {
	let t: TestEngine;

	beforeAll(async () => {
		t = await startTestEngine();
		await t.api.post('/workflows', { name: 'One' });
	}, 60_000);
	afterAll(() => t?.destroy());

	it.each([
		['NUL characters', forged(['\u0000', '\u0000'])],
		['a date that is not one', forged(['not a date', '01a2321d-ab21-71ea-a9c9-2f926ae83334'])],
		['an id that is not one', forged(['2026-12-01T00:00:00.000Z', "' OR 1=1 --"])],
		['a lone surrogate', forged(['2026-12-01T00:00:00.000Z', '\ud800'])],
	])('GET /workflows with a cursor holding %s: 422', async (_label, cursor) => {
		const response = await t.api.get(`/workflows?cursor=${cursor}`);
		expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 422, code: 'invalid_cursor' });
	});

	it('GET /workflows with a cursor it handed out still pages', async () => {
		await t.api.post('/workflows', { name: 'Two' });
		const first = await t.api.get('/workflows?limit=1');
		const second = await t.api.get(`/workflows?limit=1&cursor=${first.body.nextCursor}`);
		expect(second.status).toBe(200);
		expect(second.body.data).toHaveLength(1);
	});

	it.each(['evt_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', 'evt_1y2p0ij32e8e8'])('GET /events?after=%s (beyond any event number): 422', async (after) => {
		const response = await t.api.get(`/events?after=${after}`);
		expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 422, code: 'invalid_cursor' });
	});

	it('GET /events after the last event answers an empty page', async () => {
		const all = await t.api.get('/events');
		const next = await t.api.get(`/events?after=${all.body.nextCursor}`);
		expect({ status: next.status, data: next.body.data }).toEqual({ status: 200, data: [] });
	});
});
