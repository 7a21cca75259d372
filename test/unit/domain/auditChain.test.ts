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
	it('writes what it always wrote: stored chains keep verifying (hash pinned from the first implementation)', () => {
		const event = {
			id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
			organizationId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c',
			workflowId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d',
			sequence: 3,
			type: 'signer.signed',
			actor: { type: 'signer', id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5e' },
			ip: '2001:db8::7',
			userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)',
			createdAt: '2026-12-04T09:15:42.123Z',
			data: {
				signerId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5e',
				name: 'Zoë Ångström-Nakamura',
				decomposed: 'Zoe\u0308 A\u030angstro\u0308m',
				arabic: 'محمد الأحمد',
				cjk: '山田 花子',
				emoji: '✍️🦩',
				fields: [
					{ id: 'f-2', type: 'drawn', sha256: 'ab'.repeat(32) },
					{ id: 'f-1', type: 'text', value: 'Zürich' },
				],
				missing: undefined,
				empty: null,
				count: 2,
				ratio: 0.5,
				consent: true,
			},
			prevHash: 'cd'.repeat(32),
		} as unknown as Omit<AuditEvent, 'hash'>;
		expect(eventHash(event)).toBe('469c17a0c41cc90ac34c92c25fd5125a0eacb592d981383f75a9b91497e43a9d');
	});

	it('keeps sorting keys by UTF-16 code units and writes an array hole as nothing, as it always did', () => {
		expect(canonicalJson({ é: 1, e: 2, Z: 3, 10: 4, 9: 5, list: [1, , undefined, 3] })).toBe('{"10":4,"9":5,"Z":3,"e":2,"list":[1,,null,3],"é":1}');
	});

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
