// Only types from the domain index: this runs in the finalization worker, which should not load zod.
import type { AuditEvent, Organization, WorkflowAggregate } from '../domain';
import { DEFAULT_LOCALE } from '../domain/languages';
import type { CertificateData, CertificateParty } from '../pdf/certificate';

/** What the certificate of completion states, taken from the workflow and its audit trail. */
export function certificateData(input: {
	aggregate: WorkflowAggregate;
	events: AuditEvent[];
	organization: Organization;
	primaryColor: string;
	logo: { bytes: Uint8Array; mimeType: string } | null;
	stampedSha256: Map<string, string>;
}): CertificateData {
	const { aggregate, events } = input;
	const { workflow } = aggregate;
	const parties: CertificateParty[] = aggregate.signers.map((signer) => {
		const acted = events.find(
			(event) => (event.type === 'signer.signed' || event.type === 'signer.approved') && event.data.signerId === signer.id,
		);
		return {
			name: signer.name,
			email: signer.email,
			role: signer.role,
			order: signer.order,
			status: signer.status,
			viewedAt: signer.viewedAt,
			actedAt: acted?.createdAt ?? signer.signedAt,
			ip: acted?.ip ?? null,
			userAgent: acted?.userAgent ?? null,
			consent: acted?.data.consent === true,
			consentText: typeof acted?.data.consentText === 'string' ? acted.data.consentText : null,
			consentLocale: typeof acted?.data.consentLocale === 'string' ? acted.data.consentLocale : null,
			consentVersion: typeof acted?.data.consentVersion === 'number' ? acted.data.consentVersion : null,
			delegatedBy: events.filter((event) => event.type === 'signer.delegated' && event.data.signerId === signer.id).map(delegation),
		};
	});
	const head = events[events.length - 1];
	return {
		// The organization's language: the certificate is its record, whatever each signer read.
		locale: input.organization.defaultLocale ?? DEFAULT_LOCALE,
		organization: { name: input.organization.name, primaryColor: input.primaryColor, logo: input.logo },
		workflow: {
			id: workflow.id,
			name: workflow.name,
			timeZone: workflow.timeZone,
			createdAt: workflow.createdAt,
			sentAt: workflow.sentAt,
			completedAt: workflow.endedAt,
		},
		files: aggregate.files.map((file) => ({
			name: file.name,
			pageCount: file.pageCount,
			sha256: file.sha256,
			stampedSha256: input.stampedSha256.get(file.id) ?? '',
		})),
		parties,
		audit: { headHash: head?.hash ?? '', eventCount: events.length },
	};
}

/** "Name <email>: reason" of one hand-over, from its audit event. */
function delegation(event: AuditEvent): string {
	const previous = (event.data.previous ?? {}) as { name?: unknown; email?: unknown };
	const text = (value: unknown) => (typeof value === 'string' ? value.replace(/\s+/g, ' ') : '');
	const reason = text(event.data.reason);
	return `${text(previous.name)} <${text(previous.email)}>${reason ? `: ${reason}` : ''}`;
}
