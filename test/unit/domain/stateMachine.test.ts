import {
	SignflowError,
	cancelWorkflow,
	expireWorkflow,
	finalizeCompletion,
	recordSignerAction,
	refuseBySigner,
	sendWorkflow,
	type Transition,
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

/** Applies a transition to an aggregate, as the store would persist it. */
function apply(aggregate: WorkflowAggregate, transition: Transition): WorkflowAggregate {
	const changed = new Map(transition.changedSigners.map((signer) => [signer.id, signer]));
	return {
		...aggregate,
		workflow: transition.workflow,
		signers: aggregate.signers.map((signer) => changed.get(signer.id) ?? signer),
	};
}

function sent(aggregate: WorkflowAggregate): WorkflowAggregate {
	return apply(aggregate, sendWorkflow(aggregate, NOW));
}

const signerId = (aggregate: WorkflowAggregate, name: string) => aggregate.signers.find((s) => s.name === name)!.id;
const statusOf = (aggregate: WorkflowAggregate, name: string) => aggregate.signers.find((s) => s.name === name)!.status;
const OTHER_STATUSES: WorkflowStatus[] = ['sent', 'completed', 'refused', 'expired', 'cancelled'];
const FINAL: WorkflowStatus[] = ['completed', 'refused', 'expired', 'cancelled'];

describe('send: draft -> sent', () => {
	it('moves a ready draft to sent and invites the first order only', () => {
		const draft = anAggregate([
			{ name: 'Ann', order: 1 },
			{ name: 'Bob', order: 1 },
			{ name: 'Cat', role: 'approver', order: 2 },
			{ name: 'Dan', role: 'cc', order: 1 },
		]);
		const transition = sendWorkflow(draft, NOW);
		expect(transition.workflow.status).toBe('sent');
		expect(transition.workflow.sentAt).toBe(NOW.toISOString());
		expect(transition.workflow.endedAt).toBeNull();
		const after = apply(draft, transition);
		expect(statusOf(after, 'Ann')).toBe('active');
		expect(statusOf(after, 'Bob')).toBe('active');
		expect(statusOf(after, 'Cat')).toBe('pending');
		expect(statusOf(after, 'Dan')).toBe('notified');
		expect(transition.events.map((e) => e.type)).toEqual(['workflow.sent', 'signer.invited', 'signer.invited']);
		expect(transition.events.slice(1).map((e) => e.data.name)).toEqual(['Ann', 'Bob']);
	});

	it('invites the lowest order even when it is not 1', () => {
		const after = sent(anAggregate([{ name: 'Ann', order: 3 }, { name: 'Bob', order: 7 }]));
		expect(statusOf(after, 'Ann')).toBe('active');
		expect(statusOf(after, 'Bob')).toBe('pending');
	});

	it.each(OTHER_STATUSES)('refuses to send a workflow that is %s', (status) => {
		const error = errorOf(() => sendWorkflow(anAggregate([{ name: 'Ann' }], { status }), NOW));
		expect(error).toMatchObject({ kind: 'conflict', code: 'workflow_not_draft' });
	});

	it('refuses a draft without a file', () => {
		const draft = { ...anAggregate([{ name: 'Ann' }]), files: [] };
		expect(errorOf(() => sendWorkflow(draft, NOW))).toMatchObject({ kind: 'conflict', code: 'workflow_has_no_file' });
	});

	it('refuses a draft without a signer or approver (cc and viewers do not count)', () => {
		const draft = anAggregate([{ name: 'Dan', role: 'cc' }, { name: 'Vic', role: 'viewer' }]);
		expect(errorOf(() => sendWorkflow(draft, NOW))).toMatchObject({ code: 'workflow_has_no_signer' });
		expect(errorOf(() => sendWorkflow(anAggregate([]), NOW))).toMatchObject({ code: 'workflow_has_no_signer' });
	});

	it('refuses a draft where a signer has no signature field, naming the signer', () => {
		const draft = anAggregate([{ name: 'Ann' }, { name: 'Bob' }]);
		const withoutBob = { ...draft, signatures: draft.signatures.filter((f) => f.signerId !== signerId(draft, 'Bob')) };
		const error = errorOf(() => sendWorkflow(withoutBob, NOW));
		expect(error).toMatchObject({ kind: 'conflict', code: 'signer_without_signature_field' });
		expect(error.details).toEqual([expect.objectContaining({ signerId: signerId(draft, 'Bob') })]);
	});

	it('sends a draft with only an approver (no signature field needed)', () => {
		const draft = anAggregate([{ name: 'Cat', role: 'approver' }]);
		expect(sendWorkflow(draft, NOW).workflow.status).toBe('sent');
	});

	it('refuses a draft whose expiry has already passed', () => {
		const draft = anAggregate([{ name: 'Ann' }], { expiresAt: '2026-11-23T09:59:59.000Z' });
		expect(errorOf(() => sendWorkflow(draft, NOW))).toMatchObject({ code: 'workflow_expiry_passed' });
	});
});

describe('cancel: sent -> cancelled', () => {
	it('cancels a sent workflow with its reason', () => {
		const transition = cancelWorkflow(sent(anAggregate([{ name: 'Ann' }])), NOW, 'Wrong salary');
		expect(transition.workflow).toMatchObject({ status: 'cancelled', cancelReason: 'Wrong salary', endedAt: NOW.toISOString() });
		expect(transition.events).toEqual([expect.objectContaining({ type: 'workflow.cancelled', data: { reason: 'Wrong salary' } })]);
	});

	it.each(['draft', ...FINAL] as WorkflowStatus[])('refuses to cancel a workflow that is %s', (status) => {
		const error = errorOf(() => cancelWorkflow(anAggregate([{ name: 'Ann' }], { status }), NOW));
		expect(error).toMatchObject({ kind: 'conflict', code: 'workflow_not_sent' });
	});
});

describe('expire: sent -> expired', () => {
	const expiring = () => sent(anAggregate([{ name: 'Ann' }], { expiresAt: '2026-11-24T10:00:00.000Z' }));

	it('expires a sent workflow once its deadline has passed', () => {
		const transition = expireWorkflow(expiring(), new Date('2026-11-24T10:00:00.000Z'));
		expect(transition.workflow.status).toBe('expired');
		expect(transition.events.map((e) => e.type)).toEqual(['workflow.expired']);
	});

	it('refuses before the deadline, and without one', () => {
		expect(errorOf(() => expireWorkflow(expiring(), new Date('2026-11-24T09:59:59.999Z')))).toMatchObject({
			code: 'workflow_not_due',
		});
		expect(errorOf(() => expireWorkflow(sent(anAggregate([{ name: 'Ann' }])), NOW))).toMatchObject({
			code: 'workflow_not_due',
		});
	});

	it.each(['draft', ...FINAL] as WorkflowStatus[])('refuses to expire a workflow that is %s', (status) => {
		const aggregate = anAggregate([{ name: 'Ann' }], { status, expiresAt: '2026-11-01T00:00:00.000Z' });
		expect(errorOf(() => expireWorkflow(aggregate, NOW))).toMatchObject({ code: 'workflow_not_sent' });
	});
});

describe('signing: sent -> completed, in signer order', () => {
	it('completes when the only signer signs', () => {
		const aggregate = sent(anAggregate([{ name: 'Ann' }]));
		const transition = recordSignerAction(aggregate, signerId(aggregate, 'Ann'), NOW);
		expect(transition.workflow).toMatchObject({ status: 'completed', endedAt: NOW.toISOString() });
		expect(transition.changedSigners[0]).toMatchObject({ status: 'signed', signedAt: NOW.toISOString() });
		// workflow.completed is announced after finalization, when the signed files exist.
		expect(transition.events.map((e) => e.type)).toEqual(['signer.signed']);
	});

	it('waits for every parallel signer of an order, then invites the next order', () => {
		let aggregate = sent(
			anAggregate([
				{ name: 'Ann', order: 1 },
				{ name: 'Bob', order: 1 },
				{ name: 'Cat', role: 'approver', order: 2 },
				{ name: 'Dan', role: 'cc', order: 1 },
			]),
		);
		let transition = recordSignerAction(aggregate, signerId(aggregate, 'Bob'), NOW);
		expect(transition.workflow.status).toBe('sent');
		expect(transition.events.map((e) => e.type)).toEqual(['signer.signed']);
		aggregate = apply(aggregate, transition);
		expect(statusOf(aggregate, 'Cat')).toBe('pending');

		transition = recordSignerAction(aggregate, signerId(aggregate, 'Ann'), NOW);
		expect(transition.events.map((e) => e.type)).toEqual(['signer.signed', 'signer.invited']);
		aggregate = apply(aggregate, transition);
		expect(statusOf(aggregate, 'Cat')).toBe('active');

		transition = recordSignerAction(aggregate, signerId(aggregate, 'Cat'), NOW);
		expect(transition.events.map((e) => e.type)).toEqual(['signer.approved']);
		expect(apply(aggregate, transition).workflow.status).toBe('completed');
		expect(statusOf(apply(aggregate, transition), 'Cat')).toBe('approved');
	});

	it('refuses a signer whose turn has not come', () => {
		const aggregate = sent(anAggregate([{ name: 'Ann', order: 1 }, { name: 'Bob', order: 2 }]));
		expect(errorOf(() => recordSignerAction(aggregate, signerId(aggregate, 'Bob'), NOW))).toMatchObject({
			kind: 'conflict',
			code: 'signer_not_active',
		});
	});

	it('refuses a signer who already signed, so nothing completes twice', () => {
		const aggregate = sent(anAggregate([{ name: 'Ann' }, { name: 'Bob' }]));
		const once = apply(aggregate, recordSignerAction(aggregate, signerId(aggregate, 'Ann'), NOW));
		expect(errorOf(() => recordSignerAction(once, signerId(once, 'Ann'), NOW))).toMatchObject({ code: 'signer_already_acted' });
	});

	it('refuses cc and viewers, and unknown signers', () => {
		const aggregate = sent(anAggregate([{ name: 'Ann' }, { name: 'Dan', role: 'cc' }, { name: 'Vic', role: 'viewer' }]));
		expect(errorOf(() => recordSignerAction(aggregate, signerId(aggregate, 'Dan'), NOW))).toMatchObject({
			code: 'signer_cannot_act',
		});
		expect(errorOf(() => recordSignerAction(aggregate, signerId(aggregate, 'Vic'), NOW))).toMatchObject({
			code: 'signer_cannot_act',
		});
		expect(errorOf(() => recordSignerAction(aggregate, 'nobody', NOW))).toMatchObject({ code: 'signer_not_found' });
	});

	it.each(['draft', ...FINAL] as WorkflowStatus[])('refuses signing when the workflow is %s', (status) => {
		const aggregate = anAggregate([{ name: 'Ann' }], { status });
		expect(errorOf(() => recordSignerAction(aggregate, signerId(aggregate, 'Ann'), NOW))).toMatchObject({
			code: 'workflow_not_sent',
		});
	});
});

describe('finalization of a completed workflow', () => {
	const signedFiles = [{ fileId: 'f', name: 'offer.pdf', sha256: 'a'.repeat(64), signedSha256: 'b'.repeat(64) }];

	it('announces workflow.completed with the signed files', () => {
		const aggregate = sent(anAggregate([{ name: 'Ann' }]));
		const completed = apply(aggregate, recordSignerAction(aggregate, signerId(aggregate, 'Ann'), NOW));
		const transition = finalizeCompletion(completed, signedFiles, NOW);
		expect(transition.workflow.status).toBe('completed');
		expect(transition.events).toEqual([expect.objectContaining({ type: 'workflow.completed', data: { files: signedFiles } })]);
	});

	it.each(['draft', 'sent', 'refused', 'expired', 'cancelled'] as WorkflowStatus[])('refuses to finalize a workflow that is %s', (status) => {
		expect(errorOf(() => finalizeCompletion(anAggregate([{ name: 'Ann' }], { status }), signedFiles, NOW))).toMatchObject({
			code: 'workflow_not_completed',
		});
	});
});

describe('refusal: sent -> refused', () => {
	it('ends the workflow as refused with the reason', () => {
		const aggregate = sent(anAggregate([{ name: 'Ann' }, { name: 'Bob' }]));
		const transition = refuseBySigner(aggregate, signerId(aggregate, 'Bob'), '  Salary is wrong ', NOW);
		expect(transition.workflow).toMatchObject({ status: 'refused', endedAt: NOW.toISOString() });
		expect(transition.changedSigners[0]).toMatchObject({ status: 'refused', refusalReason: 'Salary is wrong' });
		expect(transition.events.map((e) => e.type)).toEqual(['signer.refused', 'workflow.refused']);
	});

	it('requires a reason', () => {
		const aggregate = sent(anAggregate([{ name: 'Ann' }]));
		expect(errorOf(() => refuseBySigner(aggregate, signerId(aggregate, 'Ann'), '   ', NOW))).toMatchObject({
			kind: 'invalid',
			code: 'refusal_reason_required',
		});
	});

	it('refuses a refusal from a signer whose turn has not come', () => {
		const aggregate = sent(anAggregate([{ name: 'Ann', order: 1 }, { name: 'Bob', order: 2 }]));
		expect(errorOf(() => refuseBySigner(aggregate, signerId(aggregate, 'Bob'), 'no', NOW))).toMatchObject({
			code: 'signer_not_active',
		});
	});

	it.each(['draft', ...FINAL] as WorkflowStatus[])('refuses a refusal when the workflow is %s', (status) => {
		const aggregate = anAggregate([{ name: 'Ann' }], { status });
		expect(errorOf(() => refuseBySigner(aggregate, signerId(aggregate, 'Ann'), 'no', NOW))).toMatchObject({
			code: 'workflow_not_sent',
		});
	});
});

describe('purity', () => {
	it('never changes the aggregate it is given', () => {
		const draft = anAggregate([{ name: 'Ann' }, { name: 'Bob', order: 2 }]);
		const snapshot = structuredClone(draft);
		const after = sent(draft);
		recordSignerAction(after, signerId(after, 'Ann'), NOW);
		expect(draft).toEqual(snapshot);
	});
});
