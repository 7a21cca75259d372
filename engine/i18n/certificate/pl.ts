import type { Messages } from '../catalogue';
import type { en } from './en';

export const pl: Messages<typeof en> = {
	title: 'Certyfikat ukończenia',
	titleContinued: 'Certyfikat ukończenia (ciąg dalszy)',
	subtitle: '{organization} · podpisano elektronicznie w Signflow',
	footer: 'Certyfikat ukończenia · {workflowId}',
	pageOf: 'Strona {page} z {pages}',

	workflowHeading: 'Proces podpisywania',
	workflowName: 'Nazwa',
	workflowId: 'Identyfikator procesu',
	organization: 'Organizacja',
	created: 'Utworzono',
	sent: 'Wysłano',
	completed: 'Zakończono',
	timeZone: 'Strefa czasowa',

	documentsHeading: 'Dokumenty',
	file: 'Plik',
	fileValue: '{name} ({pages, plural, one {# strona} few {# strony} many {# stron} other {# strony}})',
	originalHash: 'SHA-256 oryginału',
	signedHash: 'SHA-256 po podpisaniu',
	signedHashNote: 'SHA-256 po podpisaniu: obliczony dla podpisanych stron przed dodaniem tego certyfikatu i pieczęci.',

	partiesHeading: 'Strony',
	roleOrder: 'Rola, kolejność',
	roleOrderValue: '{role}, {order}',
	roleSigner: 'osoba podpisująca',
	roleApprover: 'osoba zatwierdzająca',
	roleViewer: 'tylko wgląd',
	roleCc: 'odbiorca kopii',
	viewed: 'Wyświetlono',
	signed: 'Podpisano',
	approved: 'Zatwierdzono',
	part: 'Udział',
	partViewer: 'Tylko wgląd',
	partCc: 'Otrzymuje kopię',
	delegatedBy: 'Przekazano przez',
	consent: 'Zgoda na podpis elektroniczny',
	consentGiven: 'Udzielona',
	consentGivenBelow: 'Udzielona (treść poniżej)',
	consentGivenLettered: 'Udzielona (treść {letter} poniżej)',
	notRecorded: 'Nie zarejestrowano',
	ipAddress: 'Adres IP',
	userAgent: 'Identyfikator przeglądarki',

	consentHeadingOne: 'Zgoda na elektroniczne podpisanie',
	consentHeadingMany: 'Zgody na elektroniczne podpisanie',
	consentLanguage: 'Język: {language} ({code}), wersja {version}',

	auditHeading: 'Ścieżka audytu',
	events: 'Zdarzenia',
	headHash: 'Najnowszy skrót',
	auditNote:
		'Każde zdarzenie ścieżki audytu zawiera skrót zdarzenia poprzedniego. Najnowszy skrót podany wyżej jest skrótem ostatniego zdarzenia w chwili sporządzenia tego certyfikatu; GET {auditPath} zwraca ścieżkę audytu i sprawdza ciągłość łańcucha.',

	sealReason: 'Podpisano przez wszystkie strony: „{workflow}”',
	testWatermark: 'TEST – DOKUMENT NIEWAŻNY',
};
