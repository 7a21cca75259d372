import type { Messages } from '../catalogue';
import type { en } from './en';

export const pt: Messages<typeof en> = {
	signer:
		'Concordo em assinar este documento eletronicamente. Minha assinatura eletrônica tem a mesma validade jurídica que minha assinatura manuscrita, e concordo em realizar transações por meio eletrônico.',
	approver:
		'Revisei este documento e o aprovo eletronicamente. Minha aprovação eletrônica tem a mesma validade jurídica que minha aprovação manuscrita, e concordo em realizar transações por meio eletrônico.',
};
