import { newId, notFound, type Workflow, type WorkflowAggregate, type WorkflowScope } from '../domain';
import { inspectImage } from '../pdf/images';
import type { BlobStore } from '../store/blobStore';
import type { Repository } from '../store/port';
import type { Signals } from '../support/signals';
import { holdBlobs } from './blobHolds';
import type { SigningServiceOptions } from './signing/signingService';
import type { WebhookAdminOptions } from './webhookAdmin';

/** What the service is built from; each area takes the parts it uses. */
export interface ServiceOptions extends SigningServiceOptions, WebhookAdminOptions {
	/** Largest PDF accepted by addFile, in bytes. */
	maxFileBytes: number;
	/** Tells the workers of this process that work was committed: a finalization retried, a bulk send started. */
	signals: Signals;
}

/** The workflow if the scope sees it (a Principal: its organization's, of its key's mode), or workflow_not_found. */
export async function requireWorkflow(repository: Repository, scope: WorkflowScope, workflowId: string): Promise<Workflow> {
	const workflow = await repository.workflows.get(scope, workflowId);
	if (!workflow) throw notFound('workflow');
	return workflow;
}

/** Locks the workflow if the scope sees it and loads it whole, or workflow_not_found. */
export async function lockAggregate(repository: Repository, scope: WorkflowScope, workflowId: string): Promise<WorkflowAggregate> {
	const aggregate = await repository.loadAggregate(scope, workflowId, { forUpdate: true });
	if (!aggregate) throw notFound('workflow');
	return aggregate;
}

export interface StoredImage {
	sha256: string;
	mimeType: string;
	size: number;
	/** Kept to store them again if a removal took the blob before the asset's row named it. */
	bytes: Buffer;
}

/** Checks a base64 PNG or JPEG (`field` names it in errors) and stores its bytes. */
export async function storeImage(blobs: BlobStore, contentBase64: string, field: string): Promise<StoredImage> {
	const bytes = Buffer.from(contentBase64, 'base64');
	const mimeType = await inspectImage(bytes, field);
	const sha256 = await blobs.put(bytes);
	return { sha256, mimeType, size: bytes.length, bytes };
}

/** Records a stored image as an asset of the organization; answers the asset's id. */
export async function insertAsset(repository: Repository, blobs: BlobStore, organizationId: string, image: StoredImage, at: string): Promise<string> {
	const id = newId();
	const { sha256, mimeType, size, bytes } = image;
	await holdBlobs(repository, blobs, [{ sha256, bytes }]);
	await repository.assets.insert({ id, organizationId, createdAt: at, sha256, mimeType, size });
	return id;
}
