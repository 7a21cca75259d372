import type { Kysely } from 'kysely';
import type { UnitCacheState } from '../caches';
import type { Dialect } from '../dialect';
import type { Repository } from '../port';
import type { Database } from '../schema';
import { deliveryRepository } from './deliveries';
import { eventRepository } from './events';
import { annotationRepository, signatureRepository } from './fields';
import { fileRepository } from './files';
import { organizationRepositories } from './organizations';
import { emailRepository, finalizationRepository } from './outboxes';
import { signerRepository } from './signers';
import { webhookRepository } from './webhooks';
import { loadWorkflowDetailPostgres } from './workflowDetail';
import { workflowRepository } from './workflows';

/**
 * The repository over Kysely: one implementation for SQLite and PostgreSQL.
 * `db` is either the database or an open transaction.
 */
export function kyselyRepository(db: Kysely<Database>, dialect: Dialect, afterCommit: Array<() => void>, unit: UnitCacheState): Repository {
	const repository: Repository = {
		...organizationRepositories(db, unit),
		workflows: workflowRepository(db, dialect, unit),
		files: fileRepository(db),
		signers: signerRepository(db),
		signatures: signatureRepository(db),
		annotations: annotationRepository(db),
		finalizations: finalizationRepository(db),
		emails: emailRepository(db),
		webhooks: webhookRepository(db, unit),
		deliveries: deliveryRepository(db, dialect),
		events: eventRepository(db, unit),

		async loadAggregate(organizationId, workflowId, options) {
			const workflow = await repository.workflows.get(organizationId, workflowId, options);
			if (!workflow) return null;
			const [files, signers, signatures, annotations] = await Promise.all([
				repository.files.listByWorkflow(organizationId, workflowId),
				repository.signers.listByWorkflow(organizationId, workflowId),
				repository.signatures.listByWorkflow(organizationId, workflowId),
				repository.annotations.listByWorkflow(organizationId, workflowId),
			]);
			return { workflow, files, signers, signatures, annotations };
		},

		async loadDetail(organizationId, workflowId) {
			if (dialect === 'postgres') return loadWorkflowDetailPostgres(db, organizationId, workflowId);
			// SQLite answers each statement from memory in microseconds: the plain reads are as good.
			const aggregate = await repository.loadAggregate(organizationId, workflowId);
			return aggregate && { aggregate, finalization: await repository.finalizations.get(organizationId, workflowId) };
		},

		async saveTransition(organizationId, transition) {
			await repository.workflows.update(transition.workflow);
			for (const signer of transition.changedSigners) await repository.signers.update(organizationId, signer);
		},

		afterCommit(callback) {
			afterCommit.push(callback);
		},
	};
	return repository;
}
