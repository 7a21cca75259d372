import type { Messages } from '../catalogue';
import type { en } from './en';

export const es: Messages<typeof en> = {
	signer:
		'Acepto firmar este documento electrónicamente. Mi firma electrónica tiene la misma validez jurídica que mi firma manuscrita, y consiento en realizar trámites por medios electrónicos.',
	approver:
		'He revisado este documento y lo apruebo electrónicamente. Mi aprobación electrónica tiene la misma validez jurídica que mi aprobación manuscrita, y consiento en realizar trámites por medios electrónicos.',
};
