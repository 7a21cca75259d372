import type { Resource } from '../common';
import { addAnnotation } from './add.operation';
import { removeAnnotation } from './remove.operation';
import { updateAnnotation } from './update.operation';

export const annotationResource: Resource = {
	resource: { name: 'Annotation', value: 'annotation' },
	operationOptions: [
		{ name: 'Add', value: 'add', action: 'Add an annotation', description: 'Text, a date, a checkbox or an image: fixed, or for a signer to fill in' },
		{ name: 'Remove', value: 'remove', action: 'Remove an annotation', description: 'Take an annotation out of a draft' },
		{ name: 'Update', value: 'update', action: 'Update an annotation', description: "Move, resize or change a draft's annotation; it keeps its ID" },
	],
	operations: { add: addAnnotation, update: updateAnnotation, remove: removeAnnotation },
};
