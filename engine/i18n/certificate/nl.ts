import type { Messages } from '../catalogue';
import type { en } from './en';

export const nl: Messages<typeof en> = {
	title: 'Voltooiingscertificaat',
	titleContinued: 'Voltooiingscertificaat (vervolg)',
	subtitle: '{organization} · elektronisch ondertekend met Signflow',
	footer: 'Voltooiingscertificaat · {workflowId}',
	pageOf: 'Pagina {page} van {pages}',

	workflowHeading: 'Ondertekeningsproces',
	workflowName: 'Naam',
	workflowId: 'Proces-ID',
	organization: 'Organisatie',
	created: 'Aangemaakt',
	sent: 'Verzonden',
	completed: 'Voltooid',
	timeZone: 'Tijdzone',

	documentsHeading: 'Documenten',
	file: 'Bestand',
	fileValue: '{name} ({pages, plural, one {# pagina} other {# pagina’s}})',
	originalHash: 'SHA-256 van het origineel',
	signedHash: 'SHA-256 na ondertekening',
	signedHashNote: 'SHA-256 na ondertekening: berekend over de ondertekende pagina’s, voordat dit certificaat en het zegel werden toegevoegd.',

	partiesHeading: 'Partijen',
	roleOrder: 'Rol, volgorde',
	roleOrderValue: '{role}, {order}',
	roleSigner: 'ondertekenaar',
	roleApprover: 'goedkeurder',
	roleViewer: 'alleen inzage',
	roleCc: 'ontvanger van een kopie',
	viewed: 'Bekeken',
	signed: 'Ondertekend',
	approved: 'Goedgekeurd',
	part: 'Deelname',
	partViewer: 'Alleen inzage',
	partCc: 'Ontvangt een kopie',
	delegatedBy: 'Gedelegeerd door',
	consent: 'Toestemming voor elektronisch ondertekenen',
	consentGiven: 'Gegeven',
	consentGivenBelow: 'Gegeven (tekst hieronder)',
	consentGivenLettered: 'Gegeven (tekst {letter} hieronder)',
	notRecorded: 'Niet vastgelegd',
	ipAddress: 'IP-adres',
	userAgent: 'Browseridentificatie',

	consentHeadingOne: 'Toestemming voor elektronisch ondertekenen',
	consentHeadingMany: 'Toestemmingen voor elektronisch ondertekenen',
	consentLanguage: 'Taal: {language} ({code}), versie {version}',

	auditHeading: 'Controlespoor',
	events: 'Gebeurtenissen',
	headHash: 'Meest recente hashwaarde',
	auditNote:
		'Elke gebeurtenis in het controlespoor bevat de hashwaarde van de voorgaande gebeurtenis. De meest recente hashwaarde hierboven is die van de laatste gebeurtenis op het moment dat dit certificaat werd opgesteld; GET {auditPath} geeft het controlespoor terug en controleert de keten.',

	sealReason: 'Ondertekend door alle partijen van ‘{workflow}’',
	testWatermark: 'TEST – NIET GELDIG',
};
