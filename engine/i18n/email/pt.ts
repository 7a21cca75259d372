import type { Messages } from '../catalogue';
import type { en } from './en';

/** Brazilian Portuguese. */
export const pt: Messages<typeof en> = {
	invitationSubjectSigner: '{organization}: por favor, assine “{workflow}”',
	invitationSubjectApprover: '{organization}: por favor, revise e aprove “{workflow}”',
	invitationSubjectViewer: '{organization}: por favor, visualize “{workflow}”',
	reminderSubjectSigner: 'Lembrete: por favor, assine “{workflow}”',
	reminderSubjectApprover: 'Lembrete: por favor, revise e aprove “{workflow}”',
	reminderSubjectViewer: 'Lembrete: por favor, visualize “{workflow}”',
	requestSigner: '{organization} pede que você assine “{workflow}”.',
	requestApprover: '{organization} pede que você revise e aprove “{workflow}”.',
	requestViewer: '{organization} compartilhou “{workflow}” com você.',
	buttonSigner: 'Revisar e assinar',
	buttonApprover: 'Revisar e aprovar',
	buttonViewer: 'Ver o documento',
	completedSubject: 'Concluído: {workflow}',
	completedLead:
		'Todas as partes assinaram “{workflow}”. Baixe os documentos assinados, cada um com seu certificado de conclusão, pelo link abaixo; os menores também estão anexados.',
	completedButton: 'Baixar os documentos assinados',
	greeting: 'Olá, {name},',
	messageFrom: 'Mensagem de {organization}:',
	linkLine: '{button}: {url}',
	openLink: 'Ou abra este link: {url}',
	actBefore: 'Por favor, conclua até {expires}.',
	personalLink: 'Este link é pessoal; não o encaminhe.',
	sentWith: 'Enviado com Signflow.',
	refusedSubject: 'Recusado: {workflow}',
	refusedLead: '{name} recusou “{workflow}” de {organization}. Com isso, o fluxo de assinatura foi encerrado e o documento não pode mais ser assinado.',
	refusedReason: 'Motivo informado:',
	expiredSubject: 'Expirado: {workflow}',
	expiredLead: 'O fluxo de assinatura “{workflow}” de {organization} expirou em {expired}, antes que todas as partes assinassem. O documento não pode mais ser assinado.',
	cancelledSubject: 'Cancelado: {workflow}',
	cancelledLead: '{organization} cancelou o fluxo de assinatura “{workflow}”. O documento não pode mais ser assinado.',
	cancelledReason: 'Motivo informado por {organization}:',
	endedNothingToDo: 'Você não precisa fazer mais nada. Seu link para o documento não funciona mais.',

	codeSubject: '{code} é o seu código para “{workflow}”',
	codeEnter: 'Digite este código na página de assinatura para abrir “{workflow}” de {organization}:',
	codeValidity: 'Ele vale uma única vez, até {until}. Se você não o solicitou, ignore este e-mail; ninguém consegue abrir o documento sem ele.',

	webhookDisabledSubject: '{organization}: o webhook “{webhook}” foi desativado',
	webhookDisabledWhat: 'A configuração de webhook “{webhook}” ({url}) de {organization} foi desativada.',
	webhookDisabledNext:
		'Os eventos dela ficam guardados, sem envio. Corrija o problema no sistema receptor e reative a configuração ({enable}): os eventos guardados serão enviados. Reenvie as entregas que falharam definitivamente com {replay}.',
	webhookGone: 'O destinatário respondeu com o status HTTP 410: não quer mais receber estes eventos.',
	webhookDeadInARow: '{deliveries, plural, one {# entrega falhou} other {# entregas seguidas falharam}} em todas as tentativas.',
	webhookFailingFor: 'Nenhuma entrega teve sucesso {hours, plural, one {na última hora} other {nas últimas # horas}}.',
	finalizationFailedSubject: '{organization}: não foi possível gerar o PDF assinado de “{workflow}”',
	finalizationFailedWhat:
		'Todas as partes do fluxo de assinatura “{workflow}” ({id}) de {organization} assinaram, mas o sistema não conseguiu gerar o PDF assinado após {attempts, plural, one {# tentativa} other {# tentativas}}.',
	finalizationFailedNext:
		'As assinaturas estão registradas ({audit}). Os fluxos do n8n que aguardavam {completed} receberam {failed} no lugar. Por favor, informe o erro acima.',
	alertWhy: 'Motivo:',
	alertLastError: 'Último erro:',
	signedSuffix: 'assinado',
};
