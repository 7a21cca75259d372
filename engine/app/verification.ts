import { z } from 'zod';
import { engineScope, type WorkflowScope } from '../domain';
import { untrustedParsers } from '../pdf/parserPool';
import type { SealCheck } from '../pdf/verifySeal';
import { sha256Hex } from '../store/blobStore';
import type { Store } from '../store/port';

export const VerificationResult = z.object({
	unmodified: z.boolean().describe('True only for a file exactly as this engine produced it: seal valid over the whole file and its hash known'),
	verdict: z.string().describe('The answer in one sentence'),
	sha256: z.string(),
	seal: z.object({
		sealed: z.boolean(),
		signatureValid: z.boolean(),
		coversWholeDocument: z.boolean(),
		signer: z.string().nullable(),
		signedAt: z.string().nullable(),
		problem: z.string().nullable(),
	}),
	known: z.boolean().describe('The file is a signed document this engine produced (for your organization, over the API)'),
	workflow: z.object({ id: z.string(), name: z.string(), status: z.string(), completedAt: z.string().nullable() }).nullable(),
	file: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type VerificationResult = z.infer<typeof VerificationResult>;

/**
 * Is this PDF an unmodified Signflow output? The seal must verify over the
 * whole file, and the file's SHA-256 must be one this engine recorded for a
 * signed document. One changed byte anywhere fails one test or the other.
 * `scope` limits the lookup to what an API key sees (its organization's
 * workflows of its mode); null searches the whole engine (the CLI, run by the operator).
 */
export async function verifyDocument(store: Store, bytes: Buffer, scope: WorkflowScope | null): Promise<VerificationResult> {
	const sha256 = sha256Hex(bytes);
	// The seal check reads the whole upload: in a bounded worker, like every untrusted PDF.
	const seal: SealCheck = await untrustedParsers().run({ kind: 'seal', bytes });
	const found = (await store.read((repository) => repository.files.findBySignedSha256(sha256, scope?.organizationId ?? null)))[0];
	const workflow = found
		? await store.read((repository) => repository.workflows.get(scope ?? engineScope(found.organizationId), found.file.workflowId))
		: null;
	// A document of a workflow the key does not see (the other mode's) is as unknown as another organization's.
	const match = workflow ? found : undefined;
	const unmodified = seal.signatureValid && seal.coversWholeDocument && Boolean(match);
	const verdict = unmodified && match
		? `Unmodified: this is the signed "${match.file.name}" of the signing workflow "${workflow?.name ?? ''}".`
		: !seal.sealed
			? 'Not a Signflow signed document: it carries no seal.'
			: !seal.signatureValid || !seal.coversWholeDocument
				? `Modified: ${seal.problem ?? 'the seal does not cover this content.'}`
				: 'Modified or unknown: the seal is intact but this engine never produced this exact file.';
	return {
		unmodified,
		verdict,
		sha256,
		seal,
		known: Boolean(match),
		workflow: workflow
			? { id: workflow.id, name: workflow.name, status: workflow.status, completedAt: workflow.endedAt }
			: null,
		file: match ? { id: match.file.id, name: match.file.name } : null,
	};
}
