import type { Messages } from '../catalogue';
import type { en } from './en';

export const es: Messages<typeof en> = {
	securedBy: 'Protegido por Signflow',
	languages: 'Idioma',
	linkNotValidTitle: 'Enlace no válido',

	doneSignedTitle: 'Ha firmado',
	doneApprovedTitle: 'Ha aprobado este documento',
	doneSignedThanks: 'Gracias, {name}. Su firma de «{workflow}» ha quedado registrada.',
	doneApprovedThanks: 'Gracias, {name}. Su aprobación de «{workflow}» ha quedado registrada.',
	doneByEmail: 'Cuando todas las partes hayan firmado, recibirá el documento firmado por correo electrónico y podrá descargarlo desde este enlace.',
	doneByLink: 'Cuando todas las partes hayan firmado, podrá descargar el documento firmado desde este enlace.',

	completedTitle: 'Todas las partes han firmado',
	completedLine: '«{workflow}» se ha completado.',
	completedDownloads: 'Descargue los documentos firmados (cada uno sellado y con su certificado de finalización):',
	download: 'Descargar',
	completedPreparing: 'Se están preparando los documentos firmados. Esta página se actualizará sola en un momento.',

	refusedOwnTitle: 'Ha rechazado firmar',
	declinedOwnTitle: 'Ha rechazado aprobar',
	refusedOwnLine: 'Ha rechazado «{workflow}».',
	declinedOwnLine: 'Ha rechazado aprobar «{workflow}».',
	ownReason: 'Su motivo: {reason}',
	refusedOtherTitle: 'Este documento ha sido rechazado',
	refusedOtherLine: 'Otra de las partes ha rechazado «{workflow}», por lo que ya no se necesita su firma.',

	expiredTitle: 'Esta solicitud de firma ha caducado',
	expiredOn: '«{workflow}» caducó el {date}.',
	expiredNoDate: '«{workflow}» ha caducado.',
	askToSendAgain: 'Pida al remitente que se lo vuelva a enviar.',

	cancelledTitle: 'Esta solicitud de firma ha sido cancelada',
	cancelledLine: 'El remitente ha cancelado «{workflow}».',
	cancelledReason: 'Motivo: {reason}',

	lockedTitle: 'Este enlace está bloqueado',
	lockedAccessCode: 'El código de acceso se introdujo incorrectamente {attempts, plural, one {# vez} other {# veces}}.',
	lockedEmailCode: 'Se introdujo un código incorrecto {attempts, plural, one {# vez} other {# veces}}.',
	askForNewLink: 'Pida al remitente un enlace nuevo.',

	waitingTitle: 'Todavía no es su turno',
	waitingSign: '«{workflow}»: usted firmará después de {names}.',
	waitingApprove: '«{workflow}»: usted aprobará después de {names}.',
	waitingByEmail: 'Recibirá un correo electrónico cuando sea su turno; entonces este enlace funcionará.',
	waitingByLink: 'Vuelva a abrir este enlace cuando las demás partes hayan terminado; entonces funcionará.',

	invalidTitle: 'Este enlace no es válido',
	invalidLine: 'Es posible que esté mal escrito o que un enlace más reciente lo haya sustituido.',
	nothingTitle: 'No hay nada que hacer aquí',

	accessTitle: 'Introduzca su código de acceso',
	accessLine: 'El remitente ha protegido este documento con un código de acceso que le ha facilitado por separado.',
	accessLabel: 'Código de acceso',
	codeWrong: 'El código no es correcto. {attemptsLeft, plural, one {Le queda # intento} other {Le quedan # intentos}}.',
	continue: 'Continuar',

	loading: 'Cargando el documento…',
	needsJavaScript: 'Esta página necesita JavaScript para mostrar y firmar el documento.',

	emailCodeTitle: 'Confirme su identidad',
	emailCodeSent: 'Hemos enviado un código de 6 dígitos a {email}.',
	emailCodeSentTest: 'Este es un proceso de prueba: el código se muestra a continuación y no se envía a {email}.',
	emailCodeEnter: 'Introdúzcalo para abrir el documento; es válido durante {minutes, plural, one {# minuto} other {# minutos}}.',
	emailCodeLabel: 'Código recibido por correo electrónico',
	emailCodeResend: '¿No ha recibido el correo? Revise su carpeta de correo no deseado o {button}.',
	emailCodeResendButton: 'solicite un código nuevo',
	emailCodeBefore: 'Antes de abrir el documento, enviaremos un código de 6 dígitos a {email}.',
	emailCodeBeforeTest: 'Antes de abrir el documento, deberá introducir un código de 6 dígitos. Este es un proceso de prueba: el código se muestra en esta página y no se envía por correo electrónico.',
	emailCodeSend: 'Enviarme un código por correo electrónico',
	emailCodeShow: 'Mostrarme un código',
	emailCodeTestNotice: 'Proceso de prueba: no se envía ningún correo electrónico. Su código es {code}.',
	emailCodeExpired: 'El código ha caducado. Solicite un código nuevo e introdúzcalo.',
	emailCodeMalformed: 'El código tiene 6 dígitos.',
	emailCodeTooSoon: 'Se acaba de enviar un código; podrá solicitar otro dentro de {seconds, plural, one {# segundo} other {# segundos}}.',
	emailCodeNoMail: 'Desde aquí no se puede enviar ningún código por correo electrónico. Consulte al remitente.',
	signedSuffix: 'firmado',
};
