import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api';
import { CorrectForm } from './CorrectForm';
import { editorTexts } from './editor/editorTexts';
import { Alert, LoadingOrFailed, Notice } from './Feedback';
import { formatBytes, formatDate } from './format';
import { follow } from './router';
import { StatusBadge } from './StatusBadge';
import { texts } from './texts';
import { Timeline } from './Timeline';
import type { AuditTrail, Signer, WorkflowDetail as Detail } from './types';

/** A workflow: its signers' progress, its files, its audit trail, Cancel, Remind and Correct. */
export function WorkflowDetail(props: { workflowId: string }) {
	const { workflowId } = props;
	const [workflow, setWorkflow] = useState<Detail | null>(null);
	const [trail, setTrail] = useState<AuditTrail | null>(null);
	const [error, setError] = useState('');
	const [notice, setNotice] = useState('');
	const [confirming, setConfirming] = useState(false);
	const [correcting, setCorrecting] = useState(false);
	const [working, setWorking] = useState(false);

	const load = async () => {
		try {
			const [detail, audit] = await Promise.all([api<Detail>('GET', `/workflows/${workflowId}`), api<AuditTrail>('GET', `/workflows/${workflowId}/audit`)]);
			setWorkflow(detail);
			setTrail(audit);
		} catch (failure) {
			setError(errorText(failure, texts.errors.network));
		}
	};
	useEffect(() => {
		setWorkflow(null);
		setTrail(null);
		setError('');
		setNotice('');
		setCorrecting(false);
		void load();
	}, [workflowId]);

	const act = async (action: 'cancel' | 'remind' | 'finalization/retry', done: string) => {
		setWorking(true);
		setError('');
		setNotice('');
		try {
			await api('POST', `/workflows/${workflowId}/${action}`, action === 'cancel' ? {} : undefined);
			setNotice(done);
			setConfirming(false);
			await load();
		} catch (failure) {
			setError(errorText(failure, texts.errors.generic));
		}
		setWorking(false);
	};

	const back = (
		<a class="back" href="/console" onClick={(event) => follow(event, '/console')}>
			← {texts.detail.back}
		</a>
	);
	if (!workflow)
		return (
			<section class="detail">
				{back}
				<LoadingOrFailed error={error} />
			</section>
		);

	const signed = workflow.signers.filter((signer) => signer.signedAt).length;
	const open = workflow.status === 'sent';
	const signerNames = new Map(workflow.signers.map((signer) => [signer.id, signer.name]));
	return (
		<section class="detail">
			{back}
			<div class="detail-head">
				<div>
					<h1>{workflow.name}</h1>
					<p class="muted">
						<StatusBadge status={workflow.status} /> {texts.detail.created} {formatDate(workflow.createdAt)}
						{workflow.expiresAt && ` · ${texts.detail.expires} ${formatDate(workflow.expiresAt)}`}
					</p>
				</div>
				{workflow.status === 'draft' && (
					<div class="actions">
						<a class="button" href={`/console/workflows/${workflow.id}/fields`} onClick={(event) => follow(event, `/console/workflows/${workflow.id}/fields`)}>
							{editorTexts.editor.editFields}
						</a>
					</div>
				)}
				{open && (
					<div class="actions">
						<button type="button" disabled={working} onClick={() => act('remind', texts.detail.reminded)}>
							{texts.detail.remind}
						</button>
						<button type="button" disabled={working || correcting} onClick={() => setCorrecting(true)}>
							{texts.correct.open}
						</button>
						<button type="button" class="danger" disabled={working} onClick={() => setConfirming(true)}>
							{texts.detail.cancel}
						</button>
					</div>
				)}
			</div>
			{confirming && (
				<div class="confirm card" role="alertdialog" aria-label={texts.detail.cancelConfirm}>
					<p>{texts.detail.cancelConfirm}</p>
					<button type="button" class="danger" disabled={working} onClick={() => act('cancel', texts.detail.cancelled)}>
						{texts.detail.cancelYes}
					</button>
					<button type="button" disabled={working} onClick={() => setConfirming(false)}>
						{texts.detail.cancelNo}
					</button>
				</div>
			)}
			{correcting && open && (
				<CorrectForm
					workflow={workflow}
					onClose={() => setCorrecting(false)}
					onDone={() => {
						setCorrecting(false);
						setError('');
						setNotice(texts.correct.done);
						void load();
					}}
				/>
			)}
			<Notice text={notice} />
			<Alert text={error} />
			<div class="columns">
				<div>
					<section class="signers">
						<h2>
							{texts.detail.signers} <span class="muted">{texts.list.signedOf(signed, workflow.signers.length)}</span>
						</h2>
						<div class="progress" role="progressbar" aria-valuemin={0} aria-valuemax={workflow.signers.length} aria-valuenow={signed}>
							<span style={{ width: `${workflow.signers.length ? (100 * signed) / workflow.signers.length : 0}%` }} />
						</div>
						<ul class="signer-list">
							{workflow.signers.map((signer) => (
								<SignerRow signer={signer} workflowOpen={workflow.status === 'sent' || workflow.status === 'draft'} key={signer.id} />
							))}
						</ul>
					</section>
					<section class="files">
						<h2>{texts.detail.files}</h2>
						{workflow.finalization?.status === 'failed' && (
							<div class="seal-failed" role="alert">
								<p>
									<strong>{texts.detail.sealFailed(workflow.finalization.attempts)}</strong> {workflow.finalization.lastError}
								</p>
								<button type="button" disabled={working} onClick={() => act('finalization/retry', texts.detail.sealRetried)}>
									{texts.detail.sealRetry}
								</button>
							</div>
						)}
						<ul>
							{workflow.files.map((file) => {
								const base = `/api/v1/workflows/${workflow.id}/files/${file.id}/content`;
								return (
									<li key={file.id}>
										<span class="file-name">{file.name}</span>
										<span class="muted">
											{' '}
											{texts.detail.pages(file.pageCount)} · {formatBytes(file.size)}
										</span>
										<span class="downloads">
											{!workflow.purgedAt && (
												<a href={`${base}?version=original`} download>
													{texts.detail.original}
												</a>
											)}
											{file.signedSha256 && !workflow.purgedAt ? (
												<a href={`${base}?version=signed`} download>
													{texts.detail.signed}
												</a>
											) : (
												workflow.status === 'sent' && <span class="muted">{texts.detail.signedPending}</span>
											)}
										</span>
									</li>
								);
							})}
						</ul>
					</section>
				</div>
				{trail && <Timeline trail={trail} signerNames={signerNames} />}
			</div>
		</section>
	);
}

const WAITING = new Set(['pending', 'active', 'notified']);

function SignerRow(props: { signer: Signer; workflowOpen: boolean }) {
	const { signer } = props;
	// A signer still waiting when the workflow ended will never sign: not "their turn" any more.
	const status = !props.workflowOpen && WAITING.has(signer.status) ? 'ended' : signer.status;
	const when = signer.signedAt
		? `${texts.detail.signedAt} ${formatDate(signer.signedAt)}`
		: signer.refusedAt
			? `${texts.detail.refusedAt} ${formatDate(signer.refusedAt)}`
			: signer.viewedAt
				? `${texts.detail.viewedAt} ${formatDate(signer.viewedAt)}`
				: '';
	return (
		<li class={`signer signer-${signer.status}`}>
			<span class="order">{texts.detail.order(signer.order)}</span>
			<div class="who">
				<strong>{signer.name}</strong>
				<span class="muted">{signer.email}</span>
			</div>
			<div class="state">
				<span class={`badge signer-status-${status}`}>{texts.signerStatus[status] ?? status}</span>
				{when && <span class="muted when">{when}</span>}
			</div>
		</li>
	);
}
