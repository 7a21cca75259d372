import type { Messages } from '../catalogue';
import type { en } from './en';

export const nl: Messages<typeof en> = {
	signer:
		'Ik ga ermee akkoord dit document elektronisch te ondertekenen. Mijn elektronische handtekening heeft dezelfde rechtskracht als mijn handgeschreven handtekening, en ik stem ermee in zaken langs elektronische weg af te handelen.',
	approver:
		'Ik heb dit document gecontroleerd en keur het elektronisch goed. Mijn elektronische goedkeuring heeft dezelfde rechtskracht als mijn handgeschreven goedkeuring, en ik stem ermee in zaken langs elektronische weg af te handelen.',
};
