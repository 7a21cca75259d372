import type { OutboxClaim, WebhookConfig } from '../../../engine/domain';
import type { HandedDelivery } from '../../../engine/outbox/deliveryHandoff';
import { HandoffGate, type HandoffTarget } from '../../../engine/webhooks/handoffGate';
import { aWebhookConfig } from '../../helpers/engine/builders';

/** A dispatcher in miniature: room for `perWebhook` deliveries of each configuration, counting reservations. */
class SmallDispatcher implements HandoffTarget {
	readonly taken: HandedDelivery[] = [];
	closings = 0;
	constructor(private readonly perWebhook: number) {}
	hasRoom(webhook: WebhookConfig, reservedForWebhook: number): boolean {
		return this.taken.filter((item) => item.webhook.id === webhook.id).length + reservedForWebhook < this.perWebhook;
	}
	claim(): OutboxClaim {
		return { claimedUntil: '2026-11-23T09:10:00.000Z', claimedBy: 'dispatcher-ñandú-🦩' };
	}
	take(deliveries: HandedDelivery[]): void {
		this.taken.push(...deliveries);
	}
	closed(): void {
		this.closings += 1;
	}
}

const a = aWebhookConfig({ id: 'wh_a' });
const b = aWebhookConfig({ id: 'wh_b' });
const handed = (webhook: WebhookConfig) => ({ delivery: { id: `msg_${webhook.id}` }, webhook }) as HandedDelivery;

describe('the handoff gate', () => {
	it('hands nothing over before a claim found the database drained, then everything that finds room', () => {
		const dispatcher = new SmallDispatcher(10);
		const gate = new HandoffGate(dispatcher);
		expect(gate.begin().offer(a)).toBeNull();
		gate.claimed(gate.generation, true, [], []);
		const batch = gate.begin();
		expect([batch.offer(a), batch.offer(b)]).toEqual([dispatcher.claim(), dispatcher.claim()]);
		batch.committed([handed(a), handed(b)]);
		expect(dispatcher.taken.map((item) => item.webhook.id)).toEqual(['wh_a', 'wh_b']);
	});

	it('stays closed for a configuration a claim left due deliveries of, and for all after a full batch', () => {
		const gate = new HandoffGate(new SmallDispatcher(10));
		gate.claimed(gate.generation, true, ['wh_a'], []);
		expect([gate.isOpenFor('wh_a'), gate.isOpenFor('wh_b'), gate.isOpenForAll]).toEqual([false, true, false]);
		// A configuration the claim did not look at (no room for it) stays as it was.
		gate.claimed(gate.generation, true, [], ['wh_a', 'wh_b']);
		expect([gate.isOpenFor('wh_a'), gate.isOpenFor('wh_b')]).toEqual([false, true]);
		gate.claimed(gate.generation, false, [], []);
		expect([gate.isOpenFor('wh_a'), gate.isOpenFor('wh_b')]).toEqual([false, false]);
	});

	it('closes for a configuration at its first refusal until a claim has taken what was refused', () => {
		const dispatcher = new SmallDispatcher(1);
		const gate = new HandoffGate(dispatcher);
		gate.claimed(gate.generation, true, [], []);
		const batch = gate.begin();
		expect(batch.offer(a)).not.toBeNull();
		// No room left for a: refused, written pending; a claim is asked for once.
		expect(batch.offer(a)).toBeNull();
		expect(batch.offer(a)).toBeNull();
		expect(dispatcher.closings).toBe(1);
		batch.committed([handed(a)]);
		expect(gate.isOpenFor('wh_a')).toBe(false);
		expect(gate.begin().offer(b)).not.toBeNull();
		gate.claimed(gate.generation, true, [], []);
		expect(gate.isOpenFor('wh_a')).toBe(true);
	});

	it('gives a rolled-back transaction\'s room back', () => {
		const dispatcher = new SmallDispatcher(1);
		const gate = new HandoffGate(dispatcher);
		gate.claimed(gate.generation, true, [], []);
		for (let index = 0; index < 3; index += 1) {
			const batch = gate.begin();
			expect(batch.offer(a)).not.toBeNull();
			batch.rolledBack();
		}
		expect(dispatcher.taken).toEqual([]);
		expect(gate.isOpenFor('wh_a')).toBe(true);
	});

	it('is not opened by a claim that read before deliveries were made due again', () => {
		const gate = new HandoffGate(new SmallDispatcher(10));
		gate.claimed(gate.generation, true, [], []);
		const before = gate.generation;
		gate.closeForAll();
		gate.claimed(before, true, [], []);
		expect(gate.isOpenFor('wh_a')).toBe(false);
		gate.claimed(gate.generation, true, [], []);
		expect(gate.isOpenFor('wh_a')).toBe(true);
	});

	it('is not opened for a configuration by a claim that read before its refused deliveries committed', () => {
		const dispatcher = new SmallDispatcher(10);
		const gate = new HandoffGate(dispatcher);
		// Refused while closed for all: written pending, and the claim reads before that commits.
		const batch = gate.begin();
		expect(batch.offer(a)).toBeNull();
		const readBefore = gate.generation;
		batch.committed([]);
		gate.claimed(readBefore, true, [], []);
		expect([gate.isOpenFor('wh_a'), gate.isOpenFor('wh_b')]).toEqual([false, true]);
		expect(dispatcher.closings).toBeGreaterThan(0);
		// Refused once open (no room), committed while a claim reads: that claim leaves it closed too.
		const full = new HandoffGate(new SmallDispatcher(0));
		full.claimed(full.generation, true, [], []);
		const refused = full.begin();
		expect(refused.offer(b)).toBeNull();
		const during = full.generation;
		refused.committed([]);
		full.claimed(during, true, [], []);
		expect(full.isOpenFor('wh_b')).toBe(false);
		// A claim that read after the commit has seen them.
		gate.claimed(gate.generation, true, [], []);
		full.claimed(full.generation, true, [], []);
		expect([gate.isOpenFor('wh_a'), full.isOpenFor('wh_b')]).toEqual([true, true]);
	});
});
