import type { Messages } from '../catalogue';
import type { en } from './en';

export const es: Messages<typeof en> = {
	title: 'Certificado de finalización',
	titleContinued: 'Certificado de finalización (continuación)',
	subtitle: '{organization} · firmado electrónicamente con Signflow',
	footer: 'Certificado de finalización · {workflowId}',
	pageOf: 'Página {page} de {pages}',

	workflowHeading: 'Proceso de firma',
	workflowName: 'Nombre',
	workflowId: 'ID del proceso',
	organization: 'Organización',
	created: 'Creado',
	sent: 'Enviado',
	completed: 'Completado',
	timeZone: 'Zona horaria',

	documentsHeading: 'Documentos',
	file: 'Archivo',
	fileValue: '{name} ({pages, plural, one {# página} other {# páginas}})',
	originalHash: 'SHA-256 del original',
	signedHash: 'SHA-256 tras la firma',
	signedHashNote: 'SHA-256 tras la firma: calculado sobre las páginas firmadas, antes de añadir este certificado y el sello.',

	partiesHeading: 'Partes',
	roleOrder: 'Rol, orden',
	roleOrderValue: '{role}, {order}',
	roleSigner: 'firmante',
	roleApprover: 'aprobador',
	roleViewer: 'solo lectura',
	roleCc: 'destinatario en copia',
	viewed: 'Visualizado',
	signed: 'Firmado',
	approved: 'Aprobado',
	part: 'Participación',
	partViewer: 'Solo lectura',
	partCc: 'Recibe una copia',
	delegatedBy: 'Delegado por',
	consent: 'Consentimiento para la firma electrónica',
	consentGiven: 'Otorgado',
	consentGivenBelow: 'Otorgado (texto a continuación)',
	consentGivenLettered: 'Otorgado (texto {letter} a continuación)',
	notRecorded: 'No registrado',
	ipAddress: 'Dirección IP',
	userAgent: 'Identificación del navegador',

	consentHeadingOne: 'Consentimiento para firmar electrónicamente',
	consentHeadingMany: 'Consentimientos para firmar electrónicamente',
	consentLanguage: 'Idioma: {language} ({code}), versión {version}',

	auditHeading: 'Registro de auditoría',
	events: 'Eventos',
	headHash: 'Huella más reciente',
	auditNote:
		'Cada evento del registro de auditoría incluye la huella del evento anterior. La huella más reciente indicada arriba es la del último evento en el momento de emitirse este certificado; GET {auditPath} devuelve el registro y verifica la cadena.',

	sealReason: 'Firmado por todas las partes de «{workflow}»',
	testWatermark: 'PRUEBA – SIN VALIDEZ',
};
