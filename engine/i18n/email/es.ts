import type { Messages } from '../catalogue';
import type { en } from './en';

export const es: Messages<typeof en> = {
	invitationSubjectSigner: '{organization}: le pedimos que firme «{workflow}»',
	invitationSubjectApprover: '{organization}: le pedimos que revise y apruebe «{workflow}»',
	invitationSubjectViewer: '{organization}: le pedimos que consulte «{workflow}»',
	reminderSubjectSigner: 'Recordatorio: le pedimos que firme «{workflow}»',
	reminderSubjectApprover: 'Recordatorio: le pedimos que revise y apruebe «{workflow}»',
	reminderSubjectViewer: 'Recordatorio: le pedimos que consulte «{workflow}»',
	requestSigner: '{organization} le solicita que firme «{workflow}».',
	requestApprover: '{organization} le solicita que revise y apruebe «{workflow}».',
	requestViewer: '{organization} ha compartido «{workflow}» con usted.',
	buttonSigner: 'Revisar y firmar',
	buttonApprover: 'Revisar y aprobar',
	buttonViewer: 'Ver el documento',
	completedSubject: 'Completado: {workflow}',
	completedLead:
		'Todas las partes han firmado «{workflow}». Descargue los documentos firmados, cada uno con su certificado de finalización, desde el enlace que aparece a continuación; los de menor tamaño también van adjuntos.',
	completedButton: 'Descargar los documentos firmados',
	greeting: 'Hola, {name}:',
	messageFrom: 'Mensaje de {organization}:',
	linkLine: '{button}: {url}',
	openLink: 'O abra este enlace: {url}',
	actBefore: 'Le rogamos que lo haga antes del {expires}.',
	personalLink: 'Este enlace es personal; no lo reenvíe.',
	sentWith: 'Enviado con Signflow.',
	refusedSubject: 'Rechazado: {workflow}',
	refusedLead: '{name} ha rechazado «{workflow}» de {organization}. Por lo tanto, el flujo de firma ha finalizado y el documento ya no puede firmarse.',
	refusedReason: 'Motivo indicado:',
	expiredSubject: 'Vencido: {workflow}',
	expiredLead: 'El flujo de firma «{workflow}» de {organization} venció el {expired}, antes de que todas las partes firmaran. El documento ya no puede firmarse.',
	cancelledSubject: 'Cancelado: {workflow}',
	cancelledLead: '{organization} ha cancelado el flujo de firma «{workflow}». El documento ya no puede firmarse.',
	cancelledReason: 'Motivo indicado por {organization}:',
	endedNothingToDo: 'No es necesario que haga nada más. Su enlace al documento ya no es válido.',

	codeSubject: '{code} es su código para «{workflow}»',
	codeEnter: 'Introduzca este código en la página de firma para abrir «{workflow}» de {organization}:',
	codeValidity: 'Es válido una sola vez, hasta el {until}. Si no lo ha solicitado, ignore este correo; nadie puede abrir el documento sin él.',

	webhookDisabledSubject: '{organization}: se ha desactivado el webhook «{webhook}»',
	webhookDisabledWhat: 'Se ha desactivado la configuración de webhook «{webhook}» ({url}) de {organization}.',
	webhookDisabledNext:
		'Sus eventos se conservan, pero no se envían. Corrija el problema en el sistema receptor y vuelva a activar la configuración ({enable}): entonces se enviarán los eventos conservados. Vuelva a enviar las entregas fallidas definitivamente con {replay}.',
	webhookGone: 'El destinatario respondió con el estado HTTP 410: ya no desea recibir estos eventos.',
	webhookDeadInARow: '{deliveries, plural, one {# entrega ha fallado} other {# entregas seguidas han fallado}} en todos los intentos.',
	webhookFailingFor: 'Ninguna entrega ha tenido éxito en {hours, plural, one {la última hora} other {las últimas # horas}}.',
	finalizationFailedSubject: '{organization}: no se pudo generar el PDF firmado de «{workflow}»',
	finalizationFailedWhat:
		'Todas las partes del flujo de firma «{workflow}» ({id}) de {organization} han firmado, pero el sistema no pudo generar el PDF firmado tras {attempts, plural, one {# intento} other {# intentos}}.',
	finalizationFailedNext:
		'Las firmas están registradas ({audit}). Los flujos de n8n que esperaban {completed} han recibido {failed} en su lugar. Le rogamos que informe del error indicado arriba.',
	alertWhy: 'Motivo:',
	alertLastError: 'Último error:',
	signedSuffix: 'firmado',
};
