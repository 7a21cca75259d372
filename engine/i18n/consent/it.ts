import type { Messages } from '../catalogue';
import type { en } from './en';

export const it: Messages<typeof en> = {
	signer:
		'Accetto di firmare questo documento elettronicamente. La mia firma elettronica ha lo stesso valore legale della mia firma autografa e acconsento a concludere operazioni per via elettronica.',
	approver:
		'Ho esaminato questo documento e lo approvo elettronicamente. La mia approvazione elettronica ha lo stesso valore legale della mia approvazione autografa e acconsento a concludere operazioni per via elettronica.',
};
