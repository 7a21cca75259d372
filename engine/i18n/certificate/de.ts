import type { Messages } from '../catalogue';
import type { en } from './en';

export const de: Messages<typeof en> = {
	title: 'Abschlusszertifikat',
	titleContinued: 'Abschlusszertifikat (Fortsetzung)',
	subtitle: '{organization} · elektronisch unterzeichnet mit Signflow',
	footer: 'Abschlusszertifikat · {workflowId}',
	pageOf: 'Seite {page} von {pages}',

	workflowHeading: 'Signaturvorgang',
	workflowName: 'Bezeichnung',
	workflowId: 'Vorgangs-ID',
	organization: 'Organisation',
	created: 'Erstellt',
	sent: 'Versendet',
	completed: 'Abgeschlossen',
	timeZone: 'Zeitzone',

	documentsHeading: 'Dokumente',
	file: 'Datei',
	fileValue: '{name} ({pages, plural, one {# Seite} other {# Seiten}})',
	originalHash: 'SHA-256 des Originals',
	signedHash: 'SHA-256 nach Unterzeichnung',
	signedHashNote: 'SHA-256 nach Unterzeichnung: berechnet über die unterzeichneten Seiten, bevor dieses Zertifikat und das Siegel hinzugefügt wurden.',

	partiesHeading: 'Beteiligte',
	roleOrder: 'Rolle, Reihenfolge',
	roleOrderValue: '{role}, {order}',
	roleSigner: 'unterzeichnende Person',
	roleApprover: 'genehmigende Person',
	roleViewer: 'zur Einsichtnahme',
	roleCc: 'Kopieempfänger/in',
	viewed: 'Eingesehen',
	signed: 'Unterzeichnet',
	approved: 'Genehmigt',
	part: 'Beteiligung',
	partViewer: 'Nur Einsichtnahme',
	partCc: 'Erhält eine Kopie',
	delegatedBy: 'Übertragen von',
	consent: 'Einwilligung zur E-Signatur',
	consentGiven: 'Erteilt',
	consentGivenBelow: 'Erteilt (Wortlaut unten)',
	consentGivenLettered: 'Erteilt (Wortlaut {letter} unten)',
	notRecorded: 'Nicht erfasst',
	ipAddress: 'IP-Adresse',
	userAgent: 'Browserkennung',

	consentHeadingOne: 'Einwilligung zur elektronischen Unterzeichnung',
	consentHeadingMany: 'Einwilligungen zur elektronischen Unterzeichnung',
	consentLanguage: 'Sprache: {language} ({code}), Version {version}',

	auditHeading: 'Prüfprotokoll',
	events: 'Ereignisse',
	headHash: 'Letzter Hashwert',
	auditNote:
		'Jedes Ereignis des Prüfprotokolls enthält den Hashwert des vorangehenden Ereignisses. Der letzte Hashwert oben ist der Hashwert des neuesten Ereignisses zum Zeitpunkt der Erstellung dieses Zertifikats; GET {auditPath} liefert das Protokoll und prüft die Kette.',

	sealReason: 'Von allen Beteiligten unterzeichnet: „{workflow}“',
	testWatermark: 'TEST – NICHT GÜLTIG',
};
