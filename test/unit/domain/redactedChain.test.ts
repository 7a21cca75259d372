import { eventHash, redactEvent, verifyChain, type AuditEvent, type PendingEvent } from '../../../engine/domain';

const AT = '2026-11-23T09:00:00.000Z';

function append(events: AuditEvent[], type: PendingEvent['type'], data: Record<string, unknown>): AuditEvent[] {
	const unsigned: Omit<AuditEvent, 'hash'> = {
		id: `e${events.length + 1}`,
		organizationId: 'org',
		workflowId: 'wf',
		sequence: events.length + 1,
		type,
		actor: { type: 'signer', id: 'signer-1' },
		ip: '203.0.113.7',
		userAgent: 'Mozilla/5.0',
		createdAt: AT,
		data,
		prevHash: events[events.length - 1]?.hash ?? null,
	};
	return [...events, { ...unsigned, hash: eventHash(unsigned) }];
}

function signedChain(): AuditEvent[] {
	let events: AuditEvent[] = [];
	events = append(events, 'workflow.created', { name: 'Contrat – Zoë' });
	events = append(events, 'signer.added', { signerId: 's1', name: 'Zoë Müller', email: 'zoe@example.com', role: 'signer', order: 1 });
	events = append(events, 'signer.signed', { signerId: 's1', consent: true, ip: '203.0.113.7', userAgent: 'Mozilla/5.0' });
	return events;
}

describe('a chain whose personal data a purge blanked', () => {
	it('still verifies when a later workflow.purged covers every redacted event', () => {
		const redacted = signedChain().map((event) => redactEvent(event, AT));
		const events = append(redacted, 'workflow.purged', { scope: 'documents_and_personal_data', redactedThrough: 3 });
		expect(events[1]).toMatchObject({ ip: null, userAgent: null, data: { signerId: 's1', name: null, email: null, role: 'signer' } });
		expect(events[0].data).toEqual({ name: 'Contrat – Zoë' });
		expect(verifyChain(events)).toMatchObject({ intact: true, brokenAt: null });
	});

	it('is broken when an event is marked redacted without a purge that says so', () => {
		const events = signedChain();
		events[1] = redactEvent(events[1], AT);
		expect(verifyChain(events)).toMatchObject({ intact: false, brokenAt: { sequence: 2, reason: 'redacted without a purge that covers it' } });
	});

	it('is broken when a redacted event lies past what the purge covered, or the purge event itself was changed', () => {
		const base = signedChain();
		const partly = append([...base.slice(0, 2).map((event) => redactEvent(event, AT)), base[2]], 'workflow.purged', { redactedThrough: 2 });
		expect(verifyChain(partly).intact).toBe(true);
		const beyond = [...partly.slice(0, 2), redactEvent(partly[2], AT), partly[3]];
		expect(verifyChain(beyond)).toMatchObject({ intact: false, brokenAt: { sequence: 3 } });
		const forged = [...beyond.slice(0, 3), { ...beyond[3], data: { redactedThrough: 3 } }];
		expect(verifyChain(forged)).toMatchObject({ intact: false });
	});
});
