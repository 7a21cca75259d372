import type { Messages } from '../catalogue';
import type { en } from './en';

/** Polish: impersonal or "Pan/Pani" forms; plurals one/few/many/other. */
export const pl: Messages<typeof en> = {
	securedBy: 'Zabezpieczone przez Signflow',
	languages: 'Język',
	linkNotValidTitle: 'Nieprawidłowy link',

	doneSignedTitle: 'Dokument został podpisany',
	doneApprovedTitle: 'Dokument został zatwierdzony',
	doneSignedThanks: 'Dziękujemy, {name}. Podpis pod dokumentem „{workflow}” został zarejestrowany.',
	doneApprovedThanks: 'Dziękujemy, {name}. Zatwierdzenie dokumentu „{workflow}” zostało zarejestrowane.',
	doneByEmail: 'Gdy wszystkie strony złożą podpisy, podpisany dokument zostanie przesłany e-mailem i będzie można go pobrać za pomocą tego linku.',
	doneByLink: 'Gdy wszystkie strony złożą podpisy, podpisany dokument będzie można pobrać za pomocą tego linku.',

	completedTitle: 'Wszystkie strony złożyły podpisy',
	completedLine: 'Dokument „{workflow}” został sfinalizowany.',
	completedDownloads: 'Podpisane dokumenty do pobrania (każdy opatrzony pieczęcią elektroniczną i certyfikatem ukończenia):',
	download: 'Pobierz',
	completedPreparing: 'Trwa przygotowywanie podpisanych dokumentów. Strona za chwilę odświeży się automatycznie.',

	refusedOwnTitle: 'Odmówiono podpisania',
	declinedOwnTitle: 'Odmówiono zatwierdzenia',
	refusedOwnLine: 'Odmówiono podpisania dokumentu „{workflow}”.',
	declinedOwnLine: 'Odmówiono zatwierdzenia dokumentu „{workflow}”.',
	ownReason: 'Podany powód: {reason}',
	refusedOtherTitle: 'Ten dokument został odrzucony',
	refusedOtherLine: 'Dokument „{workflow}” został odrzucony przez inną stronę, dlatego podpis nie jest już potrzebny.',

	expiredTitle: 'Ta prośba o podpis wygasła',
	expiredOn: 'Ważność dokumentu „{workflow}” wygasła {date}.',
	expiredNoDate: 'Ważność dokumentu „{workflow}” wygasła.',
	askToSendAgain: 'Prosimy zwrócić się do nadawcy o ponowne wysłanie.',

	cancelledTitle: 'Ta prośba o podpis została anulowana',
	cancelledLine: 'Nadawca anulował dokument „{workflow}”.',
	cancelledReason: 'Powód: {reason}',

	lockedTitle: 'Ten link jest zablokowany',
	lockedAccessCode: 'Kod dostępu został błędnie wprowadzony {attempts, plural, one {# raz} few {# razy} many {# razy} other {# razy}}.',
	lockedEmailCode: 'Kod został błędnie wprowadzony {attempts, plural, one {# raz} few {# razy} many {# razy} other {# razy}}.',
	askForNewLink: 'Prosimy zwrócić się do nadawcy o nowy link.',

	waitingTitle: 'To jeszcze nie Pana/Pani kolej',
	waitingSign: '„{workflow}”: podpis będzie możliwy po zakończeniu etapu przez: {names}.',
	waitingApprove: '„{workflow}”: zatwierdzenie będzie możliwe po zakończeniu etapu przez: {names}.',
	waitingByEmail: 'Gdy nadejdzie Pana/Pani kolej, otrzyma Pan/Pani wiadomość e-mail; wtedy ten link zadziała.',
	waitingByLink: 'Prosimy otworzyć ten link ponownie, gdy pozostałe osoby zakończą swój etap; wtedy zadziała.',

	invalidTitle: 'Ten link jest nieprawidłowy',
	invalidLine: 'Mógł zostać błędnie przepisany lub zastąpiony nowszym linkiem.',
	nothingTitle: 'Nie ma tu nic do zrobienia',

	accessTitle: 'Prosimy wprowadzić kod dostępu',
	accessLine: 'Nadawca zabezpieczył ten dokument kodem dostępu, który przekazał osobno.',
	accessLabel: 'Kod dostępu',
	codeWrong: 'Ten kod jest nieprawidłowy. {attemptsLeft, plural, one {Pozostała # próba} few {Pozostały # próby} many {Pozostało # prób} other {Pozostało # próby}}.',
	continue: 'Dalej',

	loading: 'Wczytywanie dokumentu…',
	needsJavaScript: 'Do wyświetlenia i podpisania dokumentu ta strona wymaga obsługi JavaScriptu.',

	emailCodeTitle: 'Potwierdzenie tożsamości',
	emailCodeSent: 'Wysłaliśmy 6-cyfrowy kod na adres {email}.',
	emailCodeSentTest: 'To jest proces testowy: kod jest wyświetlany poniżej i nie zostaje wysłany na adres {email}.',
	emailCodeEnter: 'Prosimy wpisać go, aby otworzyć dokument; kod jest ważny przez {minutes, plural, one {# minutę} few {# minuty} many {# minut} other {# minuty}}.',
	emailCodeLabel: 'Kod z wiadomości e-mail',
	emailCodeResend: 'Brak wiadomości? Prosimy sprawdzić folder wiadomości niechcianych lub {button}.',
	emailCodeResendButton: 'wysłać nowy kod',
	emailCodeBefore: 'Przed otwarciem dokumentu wyślemy 6-cyfrowy kod na adres {email}.',
	emailCodeBeforeTest: 'Przed otwarciem dokumentu należy wpisać 6-cyfrowy kod. To jest proces testowy: kod zostanie wyświetlony na tej stronie, a nie wysłany e-mailem.',
	emailCodeSend: 'Wyślij kod e-mailem',
	emailCodeShow: 'Pokaż kod',
	emailCodeTestNotice: 'Proces testowy: żadna wiadomość e-mail nie zostaje wysłana. Kod: {code}.',
	emailCodeExpired: 'Ten kod wygasł. Prosimy wysłać nowy kod i wpisać go.',
	emailCodeMalformed: 'Kod składa się z 6 cyfr.',
	emailCodeTooSoon: 'Kod został wysłany przed chwilą; o kolejny można poprosić za {seconds, plural, one {# sekundę} few {# sekundy} many {# sekund} other {# sekundy}}.',
	emailCodeNoMail: 'Z tego miejsca nie można wysłać kodu e-mailem. Prosimy skontaktować się z nadawcą.',
	signedSuffix: 'podpisany',
};
