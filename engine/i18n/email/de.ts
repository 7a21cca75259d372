import type { Messages } from '../catalogue';
import type { en } from './en';

export const de: Messages<typeof en> = {
	invitationSubjectSigner: '{organization}: Bitte unterzeichnen Sie „{workflow}“',
	invitationSubjectApprover: '{organization}: Bitte prüfen und genehmigen Sie „{workflow}“',
	invitationSubjectViewer: '{organization}: Bitte sehen Sie sich „{workflow}“ an',
	reminderSubjectSigner: 'Erinnerung: Bitte unterzeichnen Sie „{workflow}“',
	reminderSubjectApprover: 'Erinnerung: Bitte prüfen und genehmigen Sie „{workflow}“',
	reminderSubjectViewer: 'Erinnerung: Bitte sehen Sie sich „{workflow}“ an',
	requestSigner: '{organization} bittet Sie, „{workflow}“ zu unterzeichnen.',
	requestApprover: '{organization} bittet Sie, „{workflow}“ zu prüfen und zu genehmigen.',
	requestViewer: '{organization} hat „{workflow}“ mit Ihnen geteilt.',
	buttonSigner: 'Prüfen und unterzeichnen',
	buttonApprover: 'Prüfen und genehmigen',
	buttonViewer: 'Dokument ansehen',
	completedSubject: 'Abgeschlossen: {workflow}',
	completedLead:
		'Alle Beteiligten haben „{workflow}“ unterzeichnet. Über den folgenden Link können Sie die unterzeichneten Dokumente herunterladen, jeweils mit ihrem Abschlusszertifikat; kleinere Dateien finden Sie zusätzlich im Anhang.',
	completedButton: 'Unterzeichnete Dokumente herunterladen',
	greeting: 'Guten Tag {name},',
	messageFrom: 'Nachricht von {organization}:',
	linkLine: '{button}: {url}',
	openLink: 'Oder öffnen Sie diesen Link: {url}',
	actBefore: 'Bitte erledigen Sie dies bis spätestens {expires}.',
	personalLink: 'Dieser Link ist nur für Sie bestimmt; bitte leiten Sie ihn nicht weiter.',
	sentWith: 'Versendet mit Signflow.',
	refusedSubject: 'Abgelehnt: {workflow}',
	refusedLead: '{name} hat „{workflow}“ von {organization} abgelehnt. Der Signaturvorgang ist damit beendet; das Dokument kann nicht mehr unterzeichnet werden.',
	refusedReason: 'Angegebener Grund:',
	expiredSubject: 'Abgelaufen: {workflow}',
	expiredLead: 'Der Signaturvorgang „{workflow}“ von {organization} ist am {expired} abgelaufen, bevor alle Beteiligten unterzeichnet hatten. Das Dokument kann nicht mehr unterzeichnet werden.',
	cancelledSubject: 'Abgebrochen: {workflow}',
	cancelledLead: '{organization} hat den Signaturvorgang „{workflow}“ abgebrochen. Das Dokument kann nicht mehr unterzeichnet werden.',
	cancelledReason: 'Begründung von {organization}:',
	endedNothingToDo: 'Sie müssen nichts weiter tun. Ihr Link zum Dokument ist nicht mehr gültig.',

	codeSubject: '{code} ist Ihr Code für „{workflow}“',
	codeEnter: 'Geben Sie diesen Code auf der Signaturseite ein, um „{workflow}“ von {organization} zu öffnen:',
	codeValidity:
		'Er ist bis {until} einmal gültig. Falls Sie ihn nicht angefordert haben, können Sie diese E-Mail ignorieren; ohne den Code kann niemand das Dokument öffnen.',

	webhookDisabledSubject: '{organization}: Webhook „{webhook}“ wurde deaktiviert',
	webhookDisabledWhat: 'Die Webhook-Konfiguration „{webhook}“ ({url}) von {organization} wurde deaktiviert.',
	webhookDisabledNext:
		'Ihre Ereignisse werden aufbewahrt, aber nicht gesendet. Beheben Sie das Problem auf der Empfängerseite und aktivieren Sie die Konfiguration dann wieder ({enable}): Anschließend werden die aufbewahrten Ereignisse gesendet. Endgültig fehlgeschlagene Zustellungen senden Sie mit {replay} erneut.',
	webhookGone: 'Der Empfänger hat mit dem HTTP-Status 410 geantwortet: Er möchte diese Ereignisse nicht mehr erhalten.',
	webhookDeadInARow: '{deliveries, plural, one {# Zustellung ist} other {# Zustellungen in Folge sind}} bei jedem Versuch fehlgeschlagen.',
	webhookFailingFor: 'Seit {hours, plural, one {# Stunde} other {# Stunden}} ist keine Zustellung gelungen.',
	finalizationFailedSubject: '{organization}: Das unterzeichnete PDF von „{workflow}“ konnte nicht erstellt werden',
	finalizationFailedWhat:
		'Alle Beteiligten des Signaturvorgangs „{workflow}“ ({id}) von {organization} haben unterzeichnet, aber das System konnte das unterzeichnete PDF nach {attempts, plural, one {# Versuch} other {# Versuchen}} nicht erstellen.',
	finalizationFailedNext:
		'Die Unterschriften sind erfasst ({audit}). Die n8n-Abläufe, die auf {completed} warten, haben stattdessen {failed} erhalten. Bitte melden Sie den obigen Fehler.',
	alertWhy: 'Grund:',
	alertLastError: 'Letzter Fehler:',
	signedSuffix: 'unterschrieben',
};
