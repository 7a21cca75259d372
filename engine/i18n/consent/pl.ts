import type { Messages } from '../catalogue';
import type { en } from './en';

export const pl: Messages<typeof en> = {
	signer:
		'Wyrażam zgodę na elektroniczne podpisanie tego dokumentu. Mój podpis elektroniczny ma taką samą moc prawną jak mój podpis własnoręczny i zgadzam się na załatwianie spraw drogą elektroniczną.',
	approver:
		'Po zapoznaniu się z tym dokumentem zatwierdzam go elektronicznie. Moje elektroniczne zatwierdzenie ma taką samą moc prawną jak zatwierdzenie własnoręczne i zgadzam się na załatwianie spraw drogą elektroniczną.',
};
