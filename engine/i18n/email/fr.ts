import type { Messages } from '../catalogue';
import type { en } from './en';

// French typography: a no-break space (\u00a0) before ":" and ";" and inside « ».
export const fr: Messages<typeof en> = {
	invitationSubjectSigner: '{organization}\u00a0: veuillez signer «\u00a0{workflow}\u00a0»',
	invitationSubjectApprover: '{organization}\u00a0: veuillez examiner et approuver «\u00a0{workflow}\u00a0»',
	invitationSubjectViewer: '{organization}\u00a0: veuillez consulter «\u00a0{workflow}\u00a0»',
	reminderSubjectSigner: 'Rappel\u00a0: veuillez signer «\u00a0{workflow}\u00a0»',
	reminderSubjectApprover: 'Rappel\u00a0: veuillez examiner et approuver «\u00a0{workflow}\u00a0»',
	reminderSubjectViewer: 'Rappel\u00a0: veuillez consulter «\u00a0{workflow}\u00a0»',
	requestSigner: '{organization} vous invite à signer «\u00a0{workflow}\u00a0».',
	requestApprover: '{organization} vous invite à examiner et à approuver «\u00a0{workflow}\u00a0».',
	requestViewer: '{organization} a partagé «\u00a0{workflow}\u00a0» avec vous.',
	buttonSigner: 'Examiner et signer',
	buttonApprover: 'Examiner et approuver',
	buttonViewer: 'Consulter le document',
	completedSubject: 'Terminé\u00a0: {workflow}',
	completedLead:
		'Toutes les parties ont signé «\u00a0{workflow}\u00a0». Téléchargez les documents signés, chacun accompagné de son certificat de réalisation, à l’aide du lien ci-dessous\u00a0; les plus petits sont également joints à ce message.',
	completedButton: 'Télécharger les documents signés',
	greeting: 'Bonjour {name},',
	messageFrom: 'Message de {organization}\u00a0:',
	linkLine: '{button}\u00a0: {url}',
	openLink: 'Vous pouvez aussi ouvrir ce lien\u00a0: {url}',
	actBefore: 'Merci d’y donner suite avant le {expires}.',
	personalLink: 'Ce lien vous est personnel\u00a0; merci de ne pas le transférer.',
	sentWith: 'Envoyé avec Signflow.',
	refusedSubject: 'Refusé\u00a0: {workflow}',
	refusedLead: '{name} a refusé «\u00a0{workflow}\u00a0» de {organization}. Le circuit de signature est donc clos et le document ne peut plus être signé.',
	refusedReason: 'Motif indiqué\u00a0:',
	expiredSubject: 'Expiré\u00a0: {workflow}',
	expiredLead: 'Le circuit de signature «\u00a0{workflow}\u00a0» de {organization} a expiré le {expired}, avant que toutes les parties aient signé. Le document ne peut plus être signé.',
	cancelledSubject: 'Annulé\u00a0: {workflow}',
	cancelledLead: '{organization} a annulé le circuit de signature «\u00a0{workflow}\u00a0». Le document ne peut plus être signé.',
	cancelledReason: 'Motif indiqué par {organization}\u00a0:',
	endedNothingToDo: 'Vous n’avez rien d’autre à faire. Votre lien vers le document n’est plus valide.',

	codeSubject: '{code} est votre code pour «\u00a0{workflow}\u00a0»',
	codeEnter: 'Saisissez ce code sur la page de signature pour ouvrir «\u00a0{workflow}\u00a0» de {organization}\u00a0:',
	codeValidity:
		'Il est valable une seule fois, jusqu’au {until}. Si vous ne l’avez pas demandé, ignorez cet e-mail\u00a0; personne ne peut ouvrir le document sans ce code.',

	webhookDisabledSubject: '{organization}\u00a0: le webhook «\u00a0{webhook}\u00a0» a été désactivé',
	webhookDisabledWhat: 'La configuration de webhook «\u00a0{webhook}\u00a0» ({url}) de {organization} a été désactivée.',
	webhookDisabledNext:
		'Ses événements sont conservés, mais pas envoyés. Corrigez le problème du côté du destinataire, puis réactivez la configuration ({enable})\u00a0: les événements conservés seront alors envoyés. Renvoyez les livraisons définitivement en échec avec {replay}.',
	webhookGone: 'Le destinataire a répondu avec le statut HTTP 410\u00a0: il ne souhaite plus recevoir ces événements.',
	webhookDeadInARow: '{deliveries, plural, one {# livraison a échoué} other {# livraisons consécutives ont échoué}} à chaque tentative.',
	webhookFailingFor: 'Aucune livraison n’a abouti depuis {hours, plural, one {# heure} other {# heures}}.',
	finalizationFailedSubject: '{organization}\u00a0: le PDF signé de «\u00a0{workflow}\u00a0» n’a pas pu être créé',
	finalizationFailedWhat:
		'Toutes les parties du circuit de signature «\u00a0{workflow}\u00a0» ({id}) de {organization} ont signé, mais le système n’a pas pu créer le PDF signé, après {attempts, plural, one {# tentative} other {# tentatives}}.',
	finalizationFailedNext:
		'Les signatures sont enregistrées ({audit}). Les flux n8n qui attendaient {completed} ont reçu {failed} à la place. Merci de signaler l’erreur ci-dessus.',
	alertWhy: 'Motif\u00a0:',
	alertLastError: 'Dernière erreur\u00a0:',
	signedSuffix: 'signé',
};
