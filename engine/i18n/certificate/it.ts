import type { Messages } from '../catalogue';
import type { en } from './en';

export const it: Messages<typeof en> = {
	title: 'Certificato di completamento',
	titleContinued: 'Certificato di completamento (continua)',
	subtitle: '{organization} · firmato elettronicamente con Signflow',
	footer: 'Certificato di completamento · {workflowId}',
	pageOf: 'Pagina {page} di {pages}',

	workflowHeading: 'Processo di firma',
	workflowName: 'Nome',
	workflowId: 'ID del processo',
	organization: 'Organizzazione',
	created: 'Creato il',
	sent: 'Inviato il',
	completed: 'Completato il',
	timeZone: 'Fuso orario',

	documentsHeading: 'Documenti',
	file: 'Documento',
	fileValue: '{name} ({pages, plural, one {# pagina} other {# pagine}})',
	originalHash: 'SHA-256 dell’originale',
	signedHash: 'SHA-256 dopo la firma',
	signedHashNote: 'SHA-256 dopo la firma: calcolato sulle pagine firmate, prima dell’aggiunta di questo certificato e del sigillo.',

	partiesHeading: 'Parti',
	roleOrder: 'Ruolo, ordine',
	roleOrderValue: '{role}, {order}',
	roleSigner: 'firmatario',
	roleApprover: 'approvatore',
	roleViewer: 'sola visione',
	roleCc: 'destinatario in copia',
	viewed: 'Visualizzato il',
	signed: 'Firmato il',
	approved: 'Approvato il',
	part: 'Partecipazione',
	partViewer: 'Sola visione',
	partCc: 'Riceve una copia',
	delegatedBy: 'Delegato da',
	consent: 'Consenso alla firma elettronica',
	consentGiven: 'Prestato',
	consentGivenBelow: 'Prestato (testo riportato sotto)',
	consentGivenLettered: 'Prestato (testo {letter} riportato sotto)',
	notRecorded: 'Non registrato',
	ipAddress: 'Indirizzo IP',
	userAgent: 'Identificativo del browser',

	consentHeadingOne: 'Consenso alla firma elettronica',
	consentHeadingMany: 'Consensi alla firma elettronica',
	consentLanguage: 'Lingua: {language} ({code}), versione {version}',

	auditHeading: 'Registro delle operazioni',
	events: 'Eventi',
	headHash: 'Impronta più recente',
	auditNote:
		'Ogni evento del registro delle operazioni include l’impronta dell’evento precedente. L’impronta più recente qui sopra è quella dell’ultimo evento al momento in cui questo certificato è stato generato; GET {auditPath} restituisce il registro e ne verifica la catena.',

	sealReason: 'Firmato da tutte le parti di «{workflow}»',
	testWatermark: 'PROVA – NON VALIDO',
};
