import type { Messages } from '../catalogue';
import type { en } from './en';

/** Brazilian Portuguese ("você"). */
export const pt: Messages<typeof en> = {
	securedBy: 'Protegido por Signflow',
	languages: 'Idioma',
	linkNotValidTitle: 'Link inválido',

	doneSignedTitle: 'Você assinou',
	doneApprovedTitle: 'Você aprovou este documento',
	doneSignedThanks: 'Obrigado, {name}. Sua assinatura em “{workflow}” foi registrada.',
	doneApprovedThanks: 'Obrigado, {name}. Sua aprovação de “{workflow}” foi registrada.',
	doneByEmail: 'Quando todos tiverem assinado, você receberá o documento assinado por e-mail e poderá baixá-lo por este link.',
	doneByLink: 'Quando todos tiverem assinado, você poderá baixar o documento assinado por este link.',

	completedTitle: 'Todos assinaram',
	completedLine: '“{workflow}” foi concluído.',
	completedDownloads: 'Baixe os documentos assinados (cada um selado e com seu certificado de conclusão):',
	download: 'Baixar',
	completedPreparing: 'Os documentos assinados estão sendo preparados. Esta página será atualizada automaticamente em instantes.',

	refusedOwnTitle: 'Você se recusou a assinar',
	declinedOwnTitle: 'Você se recusou a aprovar',
	refusedOwnLine: 'Você recusou “{workflow}”.',
	declinedOwnLine: 'Você se recusou a aprovar “{workflow}”.',
	ownReason: 'Seu motivo: {reason}',
	refusedOtherTitle: 'Este documento foi recusado',
	refusedOtherLine: '“{workflow}” foi recusado por outra parte, por isso sua assinatura não é mais necessária.',

	expiredTitle: 'Esta solicitação de assinatura expirou',
	expiredOn: '“{workflow}” expirou em {date}.',
	expiredNoDate: '“{workflow}” expirou.',
	askToSendAgain: 'Peça ao remetente que o envie novamente.',

	cancelledTitle: 'Esta solicitação de assinatura foi cancelada',
	cancelledLine: 'O remetente cancelou “{workflow}”.',
	cancelledReason: 'Motivo: {reason}',

	lockedTitle: 'Este link está bloqueado',
	lockedAccessCode: 'O código de acesso foi digitado incorretamente {attempts, plural, one {# vez} other {# vezes}}.',
	lockedEmailCode: 'Um código foi digitado incorretamente {attempts, plural, one {# vez} other {# vezes}}.',
	askForNewLink: 'Peça um novo link ao remetente.',

	waitingTitle: 'Ainda não é a sua vez',
	waitingSign: '“{workflow}”: você assina depois de {names}.',
	waitingApprove: '“{workflow}”: você aprova depois de {names}.',
	waitingByEmail: 'Você receberá um e-mail quando for a sua vez; a partir daí, este link funcionará.',
	waitingByLink: 'Abra este link novamente quando os demais tiverem concluído; a partir daí, ele funcionará.',

	invalidTitle: 'Este link não é válido',
	invalidLine: 'Ele pode ter sido digitado errado ou substituído por um link mais recente.',
	nothingTitle: 'Não há nada a fazer aqui',

	accessTitle: 'Digite seu código de acesso',
	accessLine: 'O remetente protegeu este documento com um código de acesso que enviou a você separadamente.',
	accessLabel: 'Código de acesso',
	codeWrong: 'Esse código não está correto. {attemptsLeft, plural, one {Resta # tentativa} other {Restam # tentativas}}.',
	continue: 'Continuar',

	loading: 'Carregando o documento…',
	needsJavaScript: 'Esta página precisa de JavaScript para exibir e assinar o documento.',

	emailCodeTitle: 'Confirme sua identidade',
	emailCodeSent: 'Enviamos um código de 6 dígitos para {email}.',
	emailCodeSentTest: 'Este é um fluxo de teste: o código aparece abaixo e não é enviado para {email}.',
	emailCodeEnter: 'Digite-o para abrir o documento; ele vale por {minutes, plural, one {# minuto} other {# minutos}}.',
	emailCodeLabel: 'Código recebido por e-mail',
	emailCodeResend: 'Não recebeu o e-mail? Verifique sua pasta de lixo eletrônico ou {button}.',
	emailCodeResendButton: 'solicite um novo código',
	emailCodeBefore: 'Antes de o documento abrir, enviaremos um código de 6 dígitos para {email}.',
	emailCodeBeforeTest: 'Antes de o documento abrir, você digitará um código de 6 dígitos. Este é um fluxo de teste: o código aparece nesta página e não é enviado por e-mail.',
	emailCodeSend: 'Enviar um código por e-mail',
	emailCodeShow: 'Mostrar um código',
	emailCodeTestNotice: 'Fluxo de teste: nenhum e-mail é enviado. Seu código é {code}.',
	emailCodeExpired: 'Esse código expirou. Solicite um novo código e digite-o.',
	emailCodeMalformed: 'O código tem 6 dígitos.',
	emailCodeTooSoon: 'Um código acabou de ser enviado; você poderá solicitar outro em {seconds, plural, one {# segundo} other {# segundos}}.',
	emailCodeNoMail: 'Não é possível enviar um código por e-mail a partir daqui. Fale com o remetente.',
	signedSuffix: 'assinado',
};
