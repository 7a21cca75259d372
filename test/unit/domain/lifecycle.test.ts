import {
	SignflowError,
	correctWorkflow,
	deleteFinished,
	discardDraft,
	resendInvitations,
	sendWorkflow,
	type Signer,
	type WorkflowAggregate,
	type WorkflowStatus,
} from '../../../engine/domain';
import { anAggregate } from '../../helpers/engine/builders';

const NOW = new Date('2026-11-23T10:00:00.000Z');

function errorOf(action: () => unknown): SignflowError {
	try {
		action();
	} catch (error) {
		if (error instanceof SignflowError) return error;
		throw error;
	}
	throw new Error('expected a SignflowError');
}

/** Sent, with its signers as sending left them (order 1 active), then `change` applied to them. */
function sentAggregate(change: (signer: Signer, index: number) => Signer = (signer) => signer): WorkflowAggregate {
	const draft = anAggregate([{ name: 'Zoë Weiß', order: 1 }, { name: 'Ōtani Shō', order: 2 }, { name: 'Vic', role: 'viewer' }]);
	const sent = sendWorkflow(draft, NOW);
	const changed = new Map(sent.changedSigners.map((signer) => [signer.id, signer]));
	return { ...draft, workflow: sent.workflow, signers: draft.signers.map((signer) => changed.get(signer.id) ?? signer).map(change) };
}

describe('discarding and deleting', () => {
	const statuses: WorkflowStatus[] = ['draft', 'sent', 'completed', 'refused', 'expired', 'cancelled'];

	it('discards only a draft, and deletes only a finished workflow, with a code that says what to do instead', () => {
		const outcome = (status: WorkflowStatus, decide: typeof discardDraft) => {
			const aggregate = anAggregate([{ name: 'Ann' }], { status });
			try {
				return decide(aggregate, null).type;
			} catch (error) {
				return (error as SignflowError).code;
			}
		};
		expect(statuses.map((status) => outcome(status, discardDraft))).toEqual([
			'workflow.discarded',
			'workflow_not_draft',
			'workflow_not_draft',
			'workflow_not_draft',
			'workflow_not_draft',
			'workflow_not_draft',
		]);
		expect(statuses.map((status) => outcome(status, deleteFinished))).toEqual([
			'workflow_is_draft',
			'workflow_not_finished',
			'workflow.deleted',
			'workflow.deleted',
			'workflow.deleted',
			'workflow.deleted',
		]);
	});

	it('records the event in the organization trail, naming the workflow, its files\' hashes and the trail it ends', () => {
		const aggregate = anAggregate([{ name: 'Ann' }], { status: 'cancelled' });
		const event = deleteFinished(aggregate, 'f'.repeat(64));
		expect(event).toEqual({
			type: 'workflow.deleted',
			workflowId: null,
			data: expect.objectContaining({
				workflowId: aggregate.workflow.id,
				name: aggregate.workflow.name,
				status: 'cancelled',
				files: [expect.objectContaining({ sha256: aggregate.files[0].sha256 })],
				auditHeadHash: 'f'.repeat(64),
			}),
		});
	});
});

describe('correcting a sent workflow', () => {
	it('gives a corrected signer a new link version and lifts a lock; a name alone keeps their first view, a new email does not', () => {
		const aggregate = sentAggregate((signer, index) => (index === 0 ? { ...signer, lockedAt: NOW.toISOString(), failedAccessAttempts: 5, viewedAt: NOW.toISOString() } : { ...signer, viewedAt: NOW.toISOString() }));
		const [zoe, otani] = aggregate.signers;
		const transition = correctWorkflow(aggregate, { signers: [{ id: zoe.id, name: 'Zoë Weiß-Ødegård' }, { id: otani.id, email: 'otani@example.jp' }] }, NOW);
		const [zoeAfter, otaniAfter] = transition.changedSigners;
		expect(zoeAfter).toMatchObject({ name: 'Zoë Weiß-Ødegård', email: zoe.email, linkVersion: zoe.linkVersion + 1, lockedAt: null, failedAccessAttempts: 0, viewedAt: zoe.viewedAt });
		expect(otaniAfter).toMatchObject({ name: otani.name, email: 'otani@example.jp', linkVersion: otani.linkVersion + 1, viewedAt: null });
		expect(transition.events.map((event) => event.type)).toEqual(['workflow.corrected', 'signer.reissued', 'signer.reissued']);
	});

	it('changes or removes the message and the expiry, and refuses a correction that changes nothing', () => {
		const aggregate = sentAggregate();
		const withBoth = { ...aggregate, workflow: { ...aggregate.workflow, message: 'Bitte', expiresAt: '2099-01-01T00:00:00.000Z' } };
		const removed = correctWorkflow(withBoth, { message: '', expiresAt: null }, NOW);
		expect(removed.workflow).toMatchObject({ message: null, expiresAt: null });
		expect(removed.events[0].data).toMatchObject({ changed: ['message', 'expiresAt'], previousExpiresAt: '2099-01-01T00:00:00.000Z' });
		expect(correctWorkflow(aggregate, { expiresAt: '2099-01-01T01:00:00+01:00' }, NOW).workflow.expiresAt).toBe('2099-01-01T00:00:00.000Z');
		expect(errorOf(() => correctWorkflow(withBoth, { message: 'Bitte' }, NOW)).code).toBe('nothing_to_correct');
		expect(errorOf(() => correctWorkflow(aggregate, { expiresAt: NOW.toISOString() }, NOW)).code).toBe('correction_invalid');
	});

	it('changes a signer\'s language without a new link (the same person reads on), and the workflow\'s, recorded with what they were', () => {
		const aggregate = sentAggregate((signer, index) => (index === 0 ? { ...signer, locale: 'de', viewedAt: NOW.toISOString() } : signer));
		const [zoe, otani] = aggregate.signers;
		const transition = correctWorkflow(aggregate, { locale: 'fr', signers: [{ id: zoe.id, locale: 'pt-BR' }, { id: otani.id, locale: 'he' }] }, NOW);
		expect(transition.workflow.locale).toBe('fr');
		expect(transition.changedSigners.map(({ locale, linkVersion, viewedAt }) => ({ locale, linkVersion, viewedAt }))).toEqual([
			{ locale: 'pt-BR', linkVersion: zoe.linkVersion, viewedAt: zoe.viewedAt },
			{ locale: 'he', linkVersion: otani.linkVersion, viewedAt: null },
		]);
		expect(transition.events.map((event) => event.type)).toEqual(['workflow.corrected']);
		expect(transition.events[0].data).toEqual({
			changed: ['locale', 'signers'],
			locale: 'fr',
			previousLocale: null,
			signers: [
				{ signerId: zoe.id, name: zoe.name, email: zoe.email, locale: 'pt-BR', newLink: false, previous: { name: zoe.name, email: zoe.email, locale: 'de' } },
				{ signerId: otani.id, name: otani.name, email: otani.email, locale: 'he', newLink: false, previous: { name: otani.name, email: otani.email, locale: null } },
			],
		});

		// A new email and a language together: a new link, in the new language; null follows the workflow again.
		const both = correctWorkflow(aggregate, { signers: [{ id: zoe.id, email: 'zoe@example.ch', locale: null }] }, NOW);
		expect(both.changedSigners[0]).toMatchObject({ email: 'zoe@example.ch', locale: null, linkVersion: zoe.linkVersion + 1 });
		expect(both.events.map((event) => event.type)).toEqual(['workflow.corrected', 'signer.reissued']);
		expect(errorOf(() => correctWorkflow(aggregate, { signers: [{ id: zoe.id, locale: 'de' }] }, NOW)).code).toBe('nothing_to_correct');
		expect(errorOf(() => correctWorkflow(aggregate, { locale: null }, NOW)).code).toBe('nothing_to_correct');
	});

	it('refuses a signer who acted, one listed twice, and any workflow that is not sent', () => {
		const aggregate = sentAggregate((signer, index) => (index === 0 ? { ...signer, status: 'signed', signedAt: NOW.toISOString() } : signer));
		const [zoe, otani] = aggregate.signers;
		const acted = errorOf(() => correctWorkflow(aggregate, { signers: [{ id: zoe.id, name: 'Other' }] }, NOW));
		expect([acted.kind, acted.code]).toEqual(['conflict', 'signer_already_acted']);
		const twice = errorOf(() => correctWorkflow(aggregate, { signers: [{ id: otani.id, name: 'A' }, { id: otani.id, name: 'B' }] }, NOW));
		expect([twice.kind, twice.code, twice.details?.[0].path]).toEqual(['invalid', 'correction_invalid', 'signers.1.id']);
		const draft = anAggregate([{ name: 'Ann' }]);
		expect(errorOf(() => correctWorkflow(draft, { message: 'x' }, NOW)).code).toBe('workflow_not_sent');
	});
});

describe('resending', () => {
	it('resends to the signers whose turn it is, leaving out a locked link, and only while sent', () => {
		const aggregate = sentAggregate();
		const [zoe] = aggregate.signers;
		const transition = resendInvitations(aggregate, NOW);
		expect(transition.changedSigners).toEqual([]);
		expect(transition.events.map((event) => [event.type, event.data.signerId ?? null])).toEqual([
			['workflow.resent', null],
			['signer.resent', zoe.id],
		]);
		const locked = sentAggregate((signer, index) => (index === 0 ? { ...signer, lockedAt: NOW.toISOString() } : signer));
		expect(resendInvitations(locked, NOW).events.map((event) => event.type)).toEqual(['workflow.resent']);
		expect(errorOf(() => resendInvitations(anAggregate([{ name: 'Ann' }]), NOW)).code).toBe('workflow_not_sent');
		expect(errorOf(() => resendInvitations(anAggregate([{ name: 'Ann' }], { status: 'completed' }), NOW)).code).toBe('workflow_not_sent');
	});
});
