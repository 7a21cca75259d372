import { ManualClock } from '../helpers/engine/clock';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

const HOUR = 3600_000;


describe('expiry scheduler', () => {
	const clock = new ManualClock('2026-11-23T09:00:00.000Z');
	let t: TestEngine;
	beforeAll(async () => {
		t = await startTestEngine({ clock, expiryCheckIntervalMs: 25 });
	});
	afterAll(() => t.destroy());

	async function sentWorkflow(name: string, expiresInMs: number): Promise<string> {
		const workflow = await t.api.post('/workflows', { name, expiresAt: new Date(clock.now().getTime() + expiresInMs).toISOString() });
		expect(workflow.status).toBe(201);
		const file = await t.api.upload(workflow.body.id, 'a.pdf', fixturePdf('a4-1page.pdf'));
		const signer = await t.api.post(`/workflows/${workflow.body.id}/signers`, { name: 'Ann', email: 'ann@example.com' });
		await t.api.post(`/workflows/${workflow.body.id}/signatures`, {
			fileId: file.body.id,
			signerId: signer.body.id,
			page: 1,
			x: 10,
			y: 10,
		});
		expect((await t.api.post(`/workflows/${workflow.body.id}/send`)).status).toBe(200);
		return workflow.body.id;
	}

	it('expires a sent workflow once the clock passes expiresAt, with its event, and nothing earlier', async () => {
		const soon = await sentWorkflow('Soon', 1 * HOUR);
		const later = await sentWorkflow('Later', 5 * HOUR);
		const cancelled = await sentWorkflow('Cancelled', 1 * HOUR);
		await t.api.post(`/workflows/${cancelled}/cancel`, { reason: 'no longer needed' });

		// Nothing is due yet: several scheduler passes change nothing.
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect((await t.api.get(`/workflows/${soon}`)).body.status).toBe('sent');

		clock.advance(1 * HOUR + 1000);
		const expired = await until(
			() => t.api.get(`/workflows/${soon}`),
			(response) => response.body.status === 'expired',
		);
		expect(expired.body.status).toBe('expired');
		expect(Date.parse(expired.body.endedAt)).toBeGreaterThan(Date.parse(expired.body.expiresAt));
		expect((await t.api.get(`/workflows/${later}`)).body.status).toBe('sent');
		expect((await t.api.get(`/workflows/${cancelled}`)).body.status).toBe('cancelled');

		const audit = (await t.api.get(`/workflows/${soon}/audit`)).body;
		const last = audit.events[audit.events.length - 1];
		expect(last).toMatchObject({ type: 'workflow.expired', actor: { type: 'system', id: null } });
		expect(audit.chain.intact).toBe(true);

		clock.advance(4 * HOUR);
		const laterExpired = await until(
			() => t.api.get(`/workflows/${later}`),
			(response) => response.body.status === 'expired',
		);
		expect(laterExpired.body.status).toBe('expired');
	});

	it('expires each due workflow once, even when passes overlap', async () => {
		const id = await sentWorkflow('Once', 1 * HOUR);
		clock.advance(2 * HOUR);
		const counts = await Promise.all([t.engine.scheduler.tick(), t.engine.service.expireDueWorkflows(), t.engine.scheduler.tick()]);
		expect(counts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
		const audit = await until(
			() => t.api.get(`/workflows/${id}/audit`),
			(response) => response.body.events.some((e: { type: string }) => e.type === 'workflow.expired'),
		);
		expect(audit.body.events.filter((e: { type: string }) => e.type === 'workflow.expired')).toHaveLength(1);
	});
});
