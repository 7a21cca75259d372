import type { Messages } from '../catalogue';
import type { en } from './en';

export const it: Messages<typeof en> = {
	invitationSubjectSigner: '{organization}: La invitiamo a firmare «{workflow}»',
	invitationSubjectApprover: '{organization}: La invitiamo a esaminare e approvare «{workflow}»',
	invitationSubjectViewer: '{organization}: La invitiamo a consultare «{workflow}»',
	reminderSubjectSigner: 'Promemoria: La invitiamo a firmare «{workflow}»',
	reminderSubjectApprover: 'Promemoria: La invitiamo a esaminare e approvare «{workflow}»',
	reminderSubjectViewer: 'Promemoria: La invitiamo a consultare «{workflow}»',
	requestSigner: '{organization} Le chiede di firmare «{workflow}».',
	requestApprover: '{organization} Le chiede di esaminare e approvare «{workflow}».',
	requestViewer: '{organization} ha condiviso con Lei «{workflow}».',
	buttonSigner: 'Esamina e firma',
	buttonApprover: 'Esamina e approva',
	buttonViewer: 'Visualizza il documento',
	completedSubject: 'Completato: {workflow}',
	completedLead:
		'Tutte le parti hanno firmato «{workflow}». Può scaricare i documenti firmati, ciascuno con il proprio certificato di completamento, dal collegamento qui sotto; quelli di piccole dimensioni sono anche allegati.',
	completedButton: 'Scarica i documenti firmati',
	greeting: 'Gentile {name},',
	messageFrom: 'Messaggio di {organization}:',
	linkLine: '{button}: {url}',
	openLink: 'Oppure apra questo collegamento: {url}',
	actBefore: 'La preghiamo di provvedere entro il {expires}.',
	personalLink: 'Questo collegamento è personale: La preghiamo di non inoltrarlo.',
	sentWith: 'Inviato con Signflow.',
	refusedSubject: 'Rifiutato: {workflow}',
	refusedLead: '{name} ha rifiutato «{workflow}» di {organization}. Il flusso di firma si è quindi concluso e il documento non può più essere firmato.',
	refusedReason: 'Motivo indicato:',
	expiredSubject: 'Scaduto: {workflow}',
	expiredLead: 'Il flusso di firma «{workflow}» di {organization} è scaduto il {expired}, prima che tutte le parti avessero firmato. Il documento non può più essere firmato.',
	cancelledSubject: 'Annullato: {workflow}',
	cancelledLead: '{organization} ha annullato il flusso di firma «{workflow}». Il documento non può più essere firmato.',
	cancelledReason: 'Motivo indicato da {organization}:',
	endedNothingToDo: 'Non deve fare nient’altro. Il Suo collegamento al documento non è più valido.',

	codeSubject: '{code} è il Suo codice per «{workflow}»',
	codeEnter: 'Inserisca questo codice nella pagina di firma per aprire «{workflow}» di {organization}:',
	codeValidity:
		'È valido una sola volta, fino al {until}. Se non lo ha richiesto, ignori questa e-mail: senza il codice nessuno può aprire il documento.',

	webhookDisabledSubject: '{organization}: il webhook «{webhook}» è stato disattivato',
	webhookDisabledWhat: 'La configurazione webhook «{webhook}» ({url}) di {organization} è stata disattivata.',
	webhookDisabledNext:
		'I suoi eventi vengono conservati, non inviati. Risolva il problema sul sistema ricevente, poi riattivi la configurazione ({enable}): gli eventi conservati verranno inviati. Per inviare di nuovo le consegne fallite definitivamente, usi {replay}.',
	webhookGone: 'Il destinatario ha risposto con lo stato HTTP 410: non desidera più ricevere questi eventi.',
	webhookDeadInARow: '{deliveries, plural, one {# consegna non è riuscita} other {# consegne consecutive non sono riuscite}} a nessun tentativo.',
	webhookFailingFor: '{hours, plural, one {Nell’ultima ora} other {Nelle ultime # ore}} nessuna consegna è riuscita.',
	finalizationFailedSubject: '{organization}: non è stato possibile creare il PDF firmato di «{workflow}»',
	finalizationFailedWhat:
		'Tutte le parti del flusso di firma «{workflow}» ({id}) di {organization} hanno firmato, ma il sistema non è riuscito a creare il PDF firmato dopo {attempts, plural, one {# tentativo} other {# tentativi}}.',
	finalizationFailedNext:
		'Le firme sono registrate ({audit}). I flussi n8n in attesa di {completed} hanno invece ricevuto {failed}. La preghiamo di segnalare l’errore riportato sopra.',
	alertWhy: 'Motivo:',
	alertLastError: 'Ultimo errore:',
	signedSuffix: 'firmato',
};
