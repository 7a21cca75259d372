import type { Messages } from '../catalogue';
import type { en } from './en';

export const nl: Messages<typeof en> = {
	securedBy: 'Beveiligd door Signflow',
	languages: 'Taal',
	linkNotValidTitle: 'Ongeldige link',

	doneSignedTitle: 'U hebt ondertekend',
	doneApprovedTitle: 'U hebt dit document goedgekeurd',
	doneSignedThanks: 'Dank u, {name}. Uw ondertekening van ‘{workflow}’ is vastgelegd.',
	doneApprovedThanks: 'Dank u, {name}. Uw goedkeuring van ‘{workflow}’ is vastgelegd.',
	doneByEmail: 'Zodra iedereen heeft ondertekend, ontvangt u het ondertekende document per e-mail en kunt u het via deze link downloaden.',
	doneByLink: 'Zodra iedereen heeft ondertekend, kunt u het ondertekende document via deze link downloaden.',

	completedTitle: 'Iedereen heeft ondertekend',
	completedLine: '‘{workflow}’ is voltooid.',
	completedDownloads: 'Download de ondertekende documenten (elk verzegeld en voorzien van een voltooiingscertificaat):',
	download: 'Downloaden',
	completedPreparing: 'De ondertekende documenten worden voorbereid. Deze pagina wordt zo vanzelf bijgewerkt.',

	refusedOwnTitle: 'U hebt ondertekening geweigerd',
	declinedOwnTitle: 'U hebt goedkeuring geweigerd',
	refusedOwnLine: 'U hebt ‘{workflow}’ geweigerd.',
	declinedOwnLine: 'U hebt de goedkeuring van ‘{workflow}’ geweigerd.',
	ownReason: 'Uw reden: {reason}',
	refusedOtherTitle: 'Dit document is geweigerd',
	refusedOtherLine: '‘{workflow}’ is door een andere partij geweigerd; uw handtekening is daarom niet meer nodig.',

	expiredTitle: 'Dit ondertekeningsverzoek is verlopen',
	expiredOn: '‘{workflow}’ is verlopen op {date}.',
	expiredNoDate: '‘{workflow}’ is verlopen.',
	askToSendAgain: 'Vraag de afzender om het opnieuw te versturen.',

	cancelledTitle: 'Dit ondertekeningsverzoek is ingetrokken',
	cancelledLine: 'De afzender heeft ‘{workflow}’ ingetrokken.',
	cancelledReason: 'Reden: {reason}',

	lockedTitle: 'Deze link is geblokkeerd',
	lockedAccessCode: 'De toegangscode is {attempts, plural, one {# keer} other {# keer}} verkeerd ingevoerd.',
	lockedEmailCode: 'Er is {attempts, plural, one {# keer} other {# keer}} een verkeerde code ingevoerd.',
	askForNewLink: 'Vraag de afzender om een nieuwe link.',

	waitingTitle: 'U bent nog niet aan de beurt',
	waitingSign: '‘{workflow}’: u ondertekent na {names}.',
	waitingApprove: '‘{workflow}’: u keurt goed na {names}.',
	waitingByEmail: 'U ontvangt een e-mail zodra u aan de beurt bent; dan werkt deze link.',
	waitingByLink: 'Open deze link opnieuw zodra de anderen klaar zijn; dan werkt hij.',

	invalidTitle: 'Deze link is niet geldig',
	invalidLine: 'Misschien is hij verkeerd overgenomen, of is hij vervangen door een nieuwere link.',
	nothingTitle: 'Hier hoeft u niets te doen',

	accessTitle: 'Voer uw toegangscode in',
	accessLine: 'De afzender heeft dit document beveiligd met een toegangscode die u apart hebt ontvangen.',
	accessLabel: 'Toegangscode',
	codeWrong: 'Die code klopt niet. {attemptsLeft, plural, one {Nog # poging over} other {Nog # pogingen over}}.',
	continue: 'Doorgaan',

	loading: 'Het document wordt geladen…',
	needsJavaScript: 'Deze pagina heeft JavaScript nodig om het document te tonen en te ondertekenen.',

	emailCodeTitle: 'Bevestig uw identiteit',
	emailCodeSent: 'We hebben een code van 6 cijfers naar {email} gestuurd.',
	emailCodeSentTest: 'Dit is een testprocedure: de code staat hieronder en wordt niet naar {email} gestuurd.',
	emailCodeEnter: 'Voer de code in om het document te openen; hij is {minutes, plural, one {# minuut} other {# minuten}} geldig.',
	emailCodeLabel: 'Code uit de e-mail',
	emailCodeResend: 'Geen e-mail ontvangen? Kijk in uw map met ongewenste e-mail, of {button}.',
	emailCodeResendButton: 'vraag een nieuwe code aan',
	emailCodeBefore: 'Voordat het document opent, sturen we een code van 6 cijfers naar {email}.',
	emailCodeBeforeTest: 'Voordat het document opent, voert u een code van 6 cijfers in. Dit is een testprocedure: de code wordt op deze pagina getoond en niet gemaild.',
	emailCodeSend: 'Stuur mij een code per e-mail',
	emailCodeShow: 'Toon mij een code',
	emailCodeTestNotice: 'Testprocedure: er wordt geen e-mail verstuurd. Uw code is {code}.',
	emailCodeExpired: 'Die code is verlopen. Vraag een nieuwe code aan en voer die in.',
	emailCodeMalformed: 'De code bestaat uit 6 cijfers.',
	emailCodeTooSoon: 'Er is zojuist een code verstuurd; u kunt over {seconds, plural, one {# seconde} other {# seconden}} een nieuwe aanvragen.',
	emailCodeNoMail: 'Vanaf hier kan geen code per e-mail worden verstuurd. Neem contact op met de afzender.',
	signedSuffix: 'ondertekend',
};
