import type { Resource } from '../common';
import { addAnnotation } from './add.operation';

export const annotationResource: Resource = {
	resource: { name: 'Annotation', value: 'annotation' },
	operationOptions: [
		{ name: 'Add', value: 'add', action: 'Add an annotation', description: 'Text, a date, a checkbox or an image: fixed, or for a signer to fill in' },
	],
	operations: { add: addAnnotation },
};
