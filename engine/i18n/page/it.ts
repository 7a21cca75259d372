import type { Messages } from '../catalogue';
import type { en } from './en';

export const it: Messages<typeof en> = {
	securedBy: 'Protetto da Signflow',
	languages: 'Lingua',
	linkNotValidTitle: 'Link non valido',

	doneSignedTitle: 'Ha firmato',
	doneApprovedTitle: 'Ha approvato questo documento',
	doneSignedThanks: 'Grazie, {name}. La Sua firma su «{workflow}» è stata registrata.',
	doneApprovedThanks: 'Grazie, {name}. La Sua approvazione di «{workflow}» è stata registrata.',
	doneByEmail: 'Quando tutti avranno firmato, riceverà il documento firmato via e-mail e potrà scaricarlo da questo link.',
	doneByLink: 'Quando tutti avranno firmato, potrà scaricare il documento firmato da questo link.',

	completedTitle: 'Tutti hanno firmato',
	completedLine: '«{workflow}» è completato.',
	completedDownloads: 'Scarichi i documenti firmati (ciascuno sigillato e corredato del proprio certificato di completamento):',
	download: 'Scarica',
	completedPreparing: 'I documenti firmati sono in preparazione. Questa pagina si aggiornerà da sola tra un momento.',

	refusedOwnTitle: 'Ha rifiutato di firmare',
	declinedOwnTitle: 'Ha rifiutato di approvare',
	refusedOwnLine: 'Ha rifiutato «{workflow}».',
	declinedOwnLine: 'Ha rifiutato di approvare «{workflow}».',
	ownReason: 'La Sua motivazione: {reason}',
	refusedOtherTitle: 'Questo documento è stato rifiutato',
	refusedOtherLine: '«{workflow}» è stato rifiutato da un’altra parte, pertanto la Sua firma non è più necessaria.',

	expiredTitle: 'Questa richiesta di firma è scaduta',
	expiredOn: '«{workflow}» è scaduto il {date}.',
	expiredNoDate: '«{workflow}» è scaduto.',
	askToSendAgain: 'Chieda al mittente di inviarlo di nuovo.',

	cancelledTitle: 'Questa richiesta di firma è stata annullata',
	cancelledLine: 'Il mittente ha annullato «{workflow}».',
	cancelledReason: 'Motivazione: {reason}',

	lockedTitle: 'Questo link è bloccato',
	lockedAccessCode: 'Il codice di accesso è stato inserito in modo errato {attempts, plural, one {# volta} other {# volte}}.',
	lockedEmailCode: 'È stato inserito un codice errato {attempts, plural, one {# volta} other {# volte}}.',
	askForNewLink: 'Chieda al mittente un nuovo link.',

	waitingTitle: 'Non è ancora il Suo turno',
	waitingSign: '«{workflow}»: firmerà dopo {names}.',
	waitingApprove: '«{workflow}»: approverà dopo {names}.',
	waitingByEmail: 'Riceverà un’e-mail quando sarà il Suo turno; da quel momento questo link funzionerà.',
	waitingByLink: 'Riapra questo link quando gli altri avranno terminato; da quel momento funzionerà.',

	invalidTitle: 'Questo link non è valido',
	invalidLine: 'Potrebbe essere stato digitato in modo errato, oppure essere stato sostituito da un link più recente.',
	nothingTitle: 'Nessuna azione richiesta',

	accessTitle: 'Inserisca il Suo codice di accesso',
	accessLine: 'Il mittente ha protetto questo documento con un codice di accesso che Le ha comunicato separatamente.',
	accessLabel: 'Codice di accesso',
	codeWrong: 'Il codice non è corretto. {attemptsLeft, plural, one {Resta # tentativo} other {Restano # tentativi}}.',
	continue: 'Continua',

	loading: 'Caricamento del documento…',
	needsJavaScript: 'Questa pagina richiede JavaScript per mostrare e firmare il documento.',

	emailCodeTitle: 'Confermi la Sua identità',
	emailCodeSent: 'Abbiamo inviato un codice di 6 cifre a {email}.',
	emailCodeSentTest: 'Questa è una procedura di prova: il codice è mostrato qui sotto e non viene inviato a {email}.',
	emailCodeEnter: 'Lo inserisca per aprire il documento; è valido per {minutes, plural, one {# minuto} other {# minuti}}.',
	emailCodeLabel: 'Codice ricevuto via e-mail',
	emailCodeResend: 'Nessuna e-mail? Controlli la cartella della posta indesiderata, oppure {button}.',
	emailCodeResendButton: 'richieda un nuovo codice',
	emailCodeBefore: 'Prima che il documento si apra, inviamo un codice di 6 cifre a {email}.',
	emailCodeBeforeTest: 'Prima che il documento si apra, dovrà inserire un codice di 6 cifre. Questa è una procedura di prova: il codice è mostrato su questa pagina e non viene inviato via e-mail.',
	emailCodeSend: 'Inviatemi un codice via e-mail',
	emailCodeShow: 'Mostratemi un codice',
	emailCodeTestNotice: 'Procedura di prova: non viene inviata alcuna e-mail. Il Suo codice è {code}.',
	emailCodeExpired: 'Il codice è scaduto. Richieda un nuovo codice e inserisca quello nuovo.',
	emailCodeMalformed: 'Il codice è composto da 6 cifre.',
	emailCodeTooSoon: 'Un codice è stato appena inviato; potrà richiederne un altro tra {seconds, plural, one {# secondo} other {# secondi}}.',
	emailCodeNoMail: 'Da qui non è possibile inviare un codice via e-mail. La preghiamo di rivolgersi al mittente.',
	signedSuffix: 'firmato',
};
