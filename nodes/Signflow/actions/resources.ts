import { annotationResource } from './annotation/Annotation.resource';
import { bulkSendResource } from './bulkSend/BulkSend.resource';
import type { Resource } from './common';
import { fileResource } from './file/File.resource';
import { interfaceResource } from './interface/Interface.resource';
import { organizationResource } from './organization/Organization.resource';
import { signatureResource } from './signature/Signature.resource';
import { signerResource } from './signer/Signer.resource';
import { templateResource } from './template/Template.resource';
import { workflowResource } from './workflow/Workflow.resource';

/**
 * The node's resources in the order the Resource list shows them: the order a
 * signing workflow is built (README's example flow), not alphabetical, so
 * "Signing Workflow", where every flow starts, comes first.
 */
export const resources: Resource[] = [workflowResource, fileResource, signerResource, signatureResource, annotationResource, templateResource, bulkSendResource, interfaceResource, organizationResource];
