import type { Messages } from '../catalogue';
import type { en } from './en';

export const pt: Messages<typeof en> = {
	title: 'Certificado de conclusão',
	titleContinued: 'Certificado de conclusão (continuação)',
	subtitle: '{organization} · assinado eletronicamente com Signflow',
	footer: 'Certificado de conclusão · {workflowId}',
	pageOf: 'Página {page} de {pages}',

	workflowHeading: 'Fluxo de assinatura',
	workflowName: 'Nome',
	workflowId: 'ID do fluxo',
	organization: 'Organização',
	created: 'Criado em',
	sent: 'Enviado em',
	completed: 'Concluído em',
	timeZone: 'Fuso horário',

	documentsHeading: 'Documentos',
	file: 'Arquivo',
	fileValue: '{name} ({pages, plural, one {# página} other {# páginas}})',
	originalHash: 'SHA-256 do original',
	signedHash: 'SHA-256 após a assinatura',
	signedHashNote: 'SHA-256 após a assinatura: calculado sobre as páginas assinadas, antes da inclusão deste certificado e do selo.',

	partiesHeading: 'Partes',
	roleOrder: 'Papel, ordem',
	roleOrderValue: '{role}, {order}',
	roleSigner: 'signatário',
	roleApprover: 'aprovador',
	roleViewer: 'somente visualização',
	roleCc: 'destinatário de cópia',
	viewed: 'Visualizado em',
	signed: 'Assinado em',
	approved: 'Aprovado em',
	part: 'Participação',
	partViewer: 'Somente visualização',
	partCc: 'Recebe uma cópia',
	delegatedBy: 'Delegado por',
	consent: 'Consentimento para assinatura eletrônica',
	consentGiven: 'Concedido',
	consentGivenBelow: 'Concedido (texto abaixo)',
	consentGivenLettered: 'Concedido (texto {letter} abaixo)',
	notRecorded: 'Não registrado',
	ipAddress: 'Endereço IP',
	userAgent: 'Identificação do navegador',

	consentHeadingOne: 'Consentimento para assinar eletronicamente',
	consentHeadingMany: 'Consentimentos para assinar eletronicamente',
	consentLanguage: 'Idioma: {language} ({code}), versão {version}',

	auditHeading: 'Trilha de auditoria',
	events: 'Eventos',
	headHash: 'Resumo criptográfico mais recente',
	auditNote:
		'Cada evento da trilha de auditoria inclui o resumo criptográfico do evento anterior. O resumo mais recente acima é o do último evento no momento em que este certificado foi gerado; GET {auditPath} retorna a trilha e verifica a cadeia.',

	sealReason: 'Assinado por todas as partes de “{workflow}”',
	testWatermark: 'TESTE – SEM VALIDADE',
};
