import type { Messages } from '../catalogue';
import type { en } from './en';

export const fr: Messages<typeof en> = {
	signer:
		'J’accepte de signer ce document par voie électronique. Ma signature électronique a la même valeur juridique que ma signature manuscrite, et je consens à effectuer mes démarches par voie électronique.',
	approver:
		'J’ai examiné ce document et je l’approuve par voie électronique. Mon approbation électronique a la même valeur juridique que mon approbation manuscrite, et je consens à effectuer mes démarches par voie électronique.',
};
