import type { Messages } from '../catalogue';
import type { en } from './en';

export const de: Messages<typeof en> = {
	signer:
		'Ich bin damit einverstanden, dieses Dokument elektronisch zu unterzeichnen. Meine elektronische Unterschrift ist meiner handschriftlichen Unterschrift rechtlich gleichgestellt, und ich bin mit der elektronischen Abwicklung von Geschäften einverstanden.',
	approver:
		'Ich habe dieses Dokument geprüft und genehmige es elektronisch. Meine elektronische Genehmigung ist meiner handschriftlichen Genehmigung rechtlich gleichgestellt, und ich bin mit der elektronischen Abwicklung von Geschäften einverstanden.',
};
