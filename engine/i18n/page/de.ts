import type { Messages } from '../catalogue';
import type { en } from './en';

export const de: Messages<typeof en> = {
	securedBy: 'Geschützt durch Signflow',
	languages: 'Sprache',
	linkNotValidTitle: 'Link ungültig',

	doneSignedTitle: 'Sie haben unterschrieben',
	doneApprovedTitle: 'Sie haben dieses Dokument genehmigt',
	doneSignedThanks: 'Vielen Dank, {name}. Ihre Unterschrift unter „{workflow}“ ist erfasst.',
	doneApprovedThanks: 'Vielen Dank, {name}. Ihre Genehmigung von „{workflow}“ ist erfasst.',
	doneByEmail: 'Sobald alle unterschrieben haben, erhalten Sie das unterschriebene Dokument per E-Mail und können es über diesen Link herunterladen.',
	doneByLink: 'Sobald alle unterschrieben haben, können Sie das unterschriebene Dokument über diesen Link herunterladen.',

	completedTitle: 'Alle haben unterschrieben',
	completedLine: '„{workflow}“ ist abgeschlossen.',
	completedDownloads: 'Laden Sie die unterschriebenen Dokumente herunter (jedes versiegelt und mit seinem Abschlusszertifikat):',
	download: 'Herunterladen',
	completedPreparing: 'Die unterschriebenen Dokumente werden gerade erstellt. Diese Seite aktualisiert sich gleich von selbst.',

	refusedOwnTitle: 'Sie haben die Unterschrift abgelehnt',
	declinedOwnTitle: 'Sie haben die Genehmigung abgelehnt',
	refusedOwnLine: 'Sie haben „{workflow}“ abgelehnt.',
	declinedOwnLine: 'Sie haben die Genehmigung von „{workflow}“ abgelehnt.',
	ownReason: 'Ihre Begründung: {reason}',
	refusedOtherTitle: 'Dieses Dokument wurde abgelehnt',
	refusedOtherLine: '„{workflow}“ wurde von einer anderen Partei abgelehnt. Ihre Unterschrift wird daher nicht mehr benötigt.',

	expiredTitle: 'Diese Signaturanfrage ist abgelaufen',
	expiredOn: '„{workflow}“ ist am {date} abgelaufen.',
	expiredNoDate: '„{workflow}“ ist abgelaufen.',
	askToSendAgain: 'Bitten Sie den Absender, es erneut zu senden.',

	cancelledTitle: 'Diese Signaturanfrage wurde zurückgezogen',
	cancelledLine: 'Der Absender hat „{workflow}“ zurückgezogen.',
	cancelledReason: 'Begründung: {reason}',

	lockedTitle: 'Dieser Link ist gesperrt',
	lockedAccessCode: 'Der Zugangscode wurde {attempts, plural, one {einmal} other {# Mal}} falsch eingegeben.',
	lockedEmailCode: 'Ein Code wurde {attempts, plural, one {einmal} other {# Mal}} falsch eingegeben.',
	askForNewLink: 'Bitten Sie den Absender um einen neuen Link.',

	waitingTitle: 'Sie sind noch nicht an der Reihe',
	waitingSign: '„{workflow}“: Sie unterschreiben nach {names}.',
	waitingApprove: '„{workflow}“: Sie genehmigen nach {names}.',
	waitingByEmail: 'Sobald Sie an der Reihe sind, erhalten Sie eine E-Mail; dann funktioniert dieser Link.',
	waitingByLink: 'Öffnen Sie diesen Link erneut, sobald die anderen fertig sind; dann funktioniert er.',

	invalidTitle: 'Dieser Link ist ungültig',
	invalidLine: 'Möglicherweise wurde er falsch eingegeben oder durch einen neueren Link ersetzt.',
	nothingTitle: 'Hier ist nichts zu tun',

	accessTitle: 'Geben Sie Ihren Zugangscode ein',
	accessLine: 'Der Absender hat dieses Dokument mit einem Zugangscode geschützt, den Sie gesondert erhalten haben.',
	accessLabel: 'Zugangscode',
	codeWrong: 'Dieser Code ist nicht korrekt. {attemptsLeft, plural, one {Noch # Versuch} other {Noch # Versuche}}.',
	continue: 'Weiter',

	loading: 'Das Dokument wird geladen …',
	needsJavaScript: 'Diese Seite benötigt JavaScript, um das Dokument anzuzeigen und zu unterschreiben.',

	emailCodeTitle: 'Bestätigen Sie Ihre Identität',
	emailCodeSent: 'Wir haben einen 6-stelligen Code an {email} gesendet.',
	emailCodeSentTest: 'Dies ist ein Testvorgang: Der Code wird unten angezeigt und nicht an {email} gesendet.',
	emailCodeEnter: 'Geben Sie ihn ein, um das Dokument zu öffnen; er ist {minutes, plural, one {# Minute} other {# Minuten}} lang gültig.',
	emailCodeLabel: 'Code aus der E-Mail',
	emailCodeResend: 'Keine E-Mail erhalten? Sehen Sie in Ihrem Spam-Ordner nach, oder {button}.',
	emailCodeResendButton: 'fordern Sie einen neuen Code an',
	emailCodeBefore: 'Bevor sich das Dokument öffnet, senden wir einen 6-stelligen Code an {email}.',
	emailCodeBeforeTest: 'Bevor sich das Dokument öffnet, geben Sie einen 6-stelligen Code ein. Dies ist ein Testvorgang: Der Code wird auf dieser Seite angezeigt und nicht per E-Mail gesendet.',
	emailCodeSend: 'Code per E-Mail senden',
	emailCodeShow: 'Code anzeigen',
	emailCodeTestNotice: 'Testvorgang: Es wird keine E-Mail gesendet. Ihr Code lautet {code}.',
	emailCodeExpired: 'Dieser Code ist abgelaufen. Fordern Sie einen neuen Code an und geben Sie diesen ein.',
	emailCodeMalformed: 'Der Code hat 6 Ziffern.',
	emailCodeTooSoon: 'Soeben wurde ein Code gesendet; einen weiteren können Sie in {seconds, plural, one {# Sekunde} other {# Sekunden}} anfordern.',
	emailCodeNoMail: 'Von hier aus kann kein Code per E-Mail gesendet werden. Bitte wenden Sie sich an den Absender.',
	signedSuffix: 'unterschrieben',
};
