import type { Messages } from '../catalogue';
import type { en } from './en';

export const fr: Messages<typeof en> = {
	title: 'Certificat de réalisation',
	titleContinued: 'Certificat de réalisation (suite)',
	subtitle: '{organization} · signé électroniquement avec Signflow',
	footer: 'Certificat de réalisation · {workflowId}',
	pageOf: 'Page {page} sur {pages}',

	workflowHeading: 'Circuit de signature',
	workflowName: 'Nom',
	workflowId: 'Identifiant du circuit',
	organization: 'Organisation',
	created: 'Créé le',
	sent: 'Envoyé le',
	completed: 'Terminé le',
	timeZone: 'Fuseau horaire',

	documentsHeading: 'Documents',
	file: 'Fichier',
	fileValue: '{name} ({pages, plural, one {# page} other {# pages}})',
	originalHash: 'SHA-256 de l’original',
	signedHash: 'SHA-256 après signature',
	signedHashNote: 'SHA-256 après signature : empreinte des pages signées, calculée avant l’ajout de ce certificat et du cachet.',

	partiesHeading: 'Parties',
	roleOrder: 'Rôle, ordre',
	roleOrderValue: '{role}, {order}',
	roleSigner: 'signataire',
	roleApprover: 'approbateur',
	roleViewer: 'lecteur',
	roleCc: 'destinataire en copie',
	viewed: 'Consulté le',
	signed: 'Signé le',
	approved: 'Approuvé le',
	part: 'Participation',
	partViewer: 'Consultation seule',
	partCc: 'Reçoit une copie',
	delegatedBy: 'Délégué par',
	consent: 'Consentement à la signature électronique',
	consentGiven: 'Donné',
	consentGivenBelow: 'Donné (texte ci-dessous)',
	consentGivenLettered: 'Donné (texte {letter} ci-dessous)',
	notRecorded: 'Non enregistré',
	ipAddress: 'Adresse IP',
	userAgent: 'Identification du navigateur',

	consentHeadingOne: 'Consentement à la signature électronique',
	consentHeadingMany: 'Consentements à la signature électronique',
	consentLanguage: 'Langue : {language} ({code}), version {version}',

	auditHeading: 'Piste d’audit',
	events: 'Événements',
	headHash: 'Dernière empreinte',
	auditNote:
		'Chaque événement de la piste d’audit contient l’empreinte de l’événement précédent. La dernière empreinte ci-dessus est celle de l’événement le plus récent au moment où ce certificat a été établi ; GET {auditPath} renvoie la piste d’audit et en vérifie la chaîne.',

	sealReason: 'Signé par toutes les parties de « {workflow} »',
	testWatermark: 'TEST – SANS VALEUR',
};
