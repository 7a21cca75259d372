import type { Messages } from '../catalogue';
import type { en } from './en';

// French typography: a no-break space (\u00a0) inside « » and before : ; ? !
export const fr: Messages<typeof en> = {
	securedBy: 'Sécurisé par Signflow',
	languages: 'Langue',
	linkNotValidTitle: 'Lien non valide',

	doneSignedTitle: 'Vous avez signé',
	doneApprovedTitle: 'Vous avez approuvé ce document',
	doneSignedThanks: 'Merci, {name}. Votre signature de «\u00a0{workflow}\u00a0» est enregistrée.',
	doneApprovedThanks: 'Merci, {name}. Votre approbation de «\u00a0{workflow}\u00a0» est enregistrée.',
	doneByEmail: 'Une fois que toutes les parties auront signé, vous recevrez le document signé par courriel, et ce lien permettra de le télécharger.',
	doneByLink: 'Une fois que toutes les parties auront signé, ce lien permettra de télécharger le document signé.',

	completedTitle: 'Toutes les parties ont signé',
	completedLine: '«\u00a0{workflow}\u00a0» est finalisé.',
	completedDownloads: 'Téléchargez les documents signés (chacun scellé et accompagné de son certificat d’achèvement)\u00a0:',
	download: 'Télécharger',
	completedPreparing: 'Les documents signés sont en cours de préparation. Cette page se mettra à jour d’elle-même dans un instant.',

	refusedOwnTitle: 'Vous avez refusé de signer',
	declinedOwnTitle: 'Vous avez refusé d’approuver',
	refusedOwnLine: 'Vous avez refusé «\u00a0{workflow}\u00a0».',
	declinedOwnLine: 'Vous avez refusé d’approuver «\u00a0{workflow}\u00a0».',
	ownReason: 'Votre motif\u00a0: {reason}',
	refusedOtherTitle: 'Ce document a été refusé',
	refusedOtherLine: '«\u00a0{workflow}\u00a0» a été refusé par une autre partie\u00a0; votre signature n’est donc plus nécessaire.',

	expiredTitle: 'Cette demande de signature a expiré',
	expiredOn: '«\u00a0{workflow}\u00a0» a expiré le {date}.',
	expiredNoDate: '«\u00a0{workflow}\u00a0» a expiré.',
	askToSendAgain: 'Demandez à l’expéditeur de vous l’envoyer à nouveau.',

	cancelledTitle: 'Cette demande de signature a été annulée',
	cancelledLine: 'L’expéditeur a annulé «\u00a0{workflow}\u00a0».',
	cancelledReason: 'Motif\u00a0: {reason}',

	lockedTitle: 'Ce lien est verrouillé',
	lockedAccessCode: 'Un code d’accès erroné a été saisi {attempts, plural, one {# fois} other {# fois}}.',
	lockedEmailCode: 'Un code erroné a été saisi {attempts, plural, one {# fois} other {# fois}}.',
	askForNewLink: 'Demandez un nouveau lien à l’expéditeur.',

	waitingTitle: 'Ce n’est pas encore votre tour',
	waitingSign: '«\u00a0{workflow}\u00a0»\u00a0: vous signerez après {names}.',
	waitingApprove: '«\u00a0{workflow}\u00a0»\u00a0: vous approuverez après {names}.',
	waitingByEmail: 'Vous recevrez un courriel lorsque ce sera votre tour\u00a0; ce lien fonctionnera alors.',
	waitingByLink: 'Rouvrez ce lien lorsque les autres parties auront terminé\u00a0; il fonctionnera alors.',

	invalidTitle: 'Ce lien n’est pas valide',
	invalidLine: 'Il a peut-être été mal recopié, ou un lien plus récent l’a remplacé.',
	nothingTitle: 'Aucune action n’est requise',

	accessTitle: 'Saisissez votre code d’accès',
	accessLine: 'L’expéditeur a protégé ce document par un code d’accès qu’il vous a communiqué séparément.',
	accessLabel: 'Code d’accès',
	codeWrong: 'Ce code est incorrect. {attemptsLeft, plural, one {Il vous reste # tentative} other {Il vous reste # tentatives}}.',
	continue: 'Continuer',

	loading: 'Chargement du document…',
	needsJavaScript: 'Cette page nécessite JavaScript pour afficher et signer le document.',

	emailCodeTitle: 'Confirmez votre identité',
	emailCodeSent: 'Nous avons envoyé un code à 6\u00a0chiffres à {email}.',
	emailCodeSentTest: 'Ceci est une procédure de test\u00a0: le code est affiché ci-dessous et n’est pas envoyé à {email}.',
	emailCodeEnter: 'Saisissez-le pour ouvrir le document\u00a0; il est valable {minutes, plural, one {# minute} other {# minutes}}.',
	emailCodeLabel: 'Code reçu par courriel',
	emailCodeResend: 'Vous n’avez rien reçu\u00a0? Vérifiez votre dossier de courrier indésirable, ou {button}.',
	emailCodeResendButton: 'demandez un nouveau code',
	emailCodeBefore: 'Avant l’ouverture du document, nous envoyons un code à 6\u00a0chiffres à {email}.',
	emailCodeBeforeTest: 'Avant l’ouverture du document, vous saisissez un code à 6\u00a0chiffres. Ceci est une procédure de test\u00a0: le code est affiché sur cette page et n’est pas envoyé par courriel.',
	emailCodeSend: 'M’envoyer un code par courriel',
	emailCodeShow: 'Afficher un code',
	emailCodeTestNotice: 'Procédure de test\u00a0: aucun courriel n’est envoyé. Votre code est {code}.',
	emailCodeExpired: 'Ce code a expiré. Demandez un nouveau code, puis saisissez-le.',
	emailCodeMalformed: 'Le code comporte 6\u00a0chiffres.',
	emailCodeTooSoon: 'Un code vient d’être envoyé\u00a0; vous pourrez en demander un autre dans {seconds, plural, one {# seconde} other {# secondes}}.',
	emailCodeNoMail: 'Aucun code ne peut être envoyé par courriel depuis cette page. Veuillez vous adresser à l’expéditeur.',
	signedSuffix: 'signé',
};
