import { canonicalJson, eventHash, verifyChain, type AuditEvent } from '../../../engine/domain';

function chain(count: number): AuditEvent[] {
	const events: AuditEvent[] = [];
	for (let index = 0; index < count; index += 1) {
		const unsigned: Omit<AuditEvent, 'hash'> = {
			id: `e${index}`,
			organizationId: 'org',
			workflowId: 'wf',
			sequence: index + 1,
			type: index === 0 ? 'workflow.created' : 'signer.added',
			actor: { type: 'api_key', id: 'key' },
			ip: '127.0.0.1',
			userAgent: 'jest',
			createdAt: `2026-11-23T09:00:0${index}.000Z`,
			data: { index, nested: { b: 1, a: [1, 2] } },
			prevHash: events[index - 1]?.hash ?? null,
		};
		events.push({ ...unsigned, hash: eventHash(unsigned) });
	}
	return events;
}

describe('canonicalJson', () => {
	it('sorts keys at every level and drops undefined', () => {
		expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
	});
});

describe('verifyChain', () => {
	it('accepts an untouched chain and reports its head', () => {
		const events = chain(4);
		expect(verifyChain(events)).toEqual({ intact: true, brokenAt: null, headHash: events[3].hash });
	});

	it('detects a changed field in any event', () => {
		const events = chain(4);
		events[1] = { ...events[1], data: { ...events[1].data, index: 99 } };
		expect(verifyChain(events)).toMatchObject({ intact: false, brokenAt: { sequence: 2, reason: 'content does not match its hash' } });
	});

	it('detects an event re-hashed after tampering, by the link of the next one', () => {
		const events = chain(4);
		const { hash: _old, ...rest } = { ...events[1], ip: '10.0.0.1' };
		events[1] = { ...rest, hash: eventHash(rest) };
		expect(verifyChain(events)).toMatchObject({ intact: false, brokenAt: { sequence: 3, reason: 'previous hash does not match' } });
	});

	it('detects a removed event', () => {
		const events = chain(4);
		events.splice(2, 1);
		expect(verifyChain(events)).toMatchObject({ intact: false, brokenAt: { sequence: 4, reason: 'sequence gap' } });
	});
});
