import type { Messages } from '../catalogue';
import type { en } from './en';

// Impersonal forms ("prosimy", "można", "należy"): the organization does not know the signer's gender.
export const pl: Messages<typeof en> = {
	invitationSubjectSigner: '{organization}: prośba o podpisanie „{workflow}”',
	invitationSubjectApprover: '{organization}: prośba o sprawdzenie i zatwierdzenie „{workflow}”',
	invitationSubjectViewer: '{organization}: prośba o zapoznanie się z „{workflow}”',
	reminderSubjectSigner: 'Przypomnienie: prośba o podpisanie „{workflow}”',
	reminderSubjectApprover: 'Przypomnienie: prośba o sprawdzenie i zatwierdzenie „{workflow}”',
	reminderSubjectViewer: 'Przypomnienie: prośba o zapoznanie się z „{workflow}”',
	requestSigner: '{organization} prosi o podpisanie dokumentu „{workflow}”.',
	requestApprover: '{organization} prosi o sprawdzenie i zatwierdzenie dokumentu „{workflow}”.',
	requestViewer: '{organization} udostępnia dokument „{workflow}” do wglądu.',
	buttonSigner: 'Sprawdź i podpisz',
	buttonApprover: 'Sprawdź i zatwierdź',
	buttonViewer: 'Wyświetl dokument',
	completedSubject: 'Zakończono: {workflow}',
	completedLead:
		'Wszystkie strony podpisały „{workflow}”. Podpisane dokumenty, każdy z certyfikatem ukończenia, można pobrać z poniższego linku; mniejsze pliki dołączono również do tej wiadomości.',
	completedButton: 'Pobierz podpisane dokumenty',
	greeting: 'Dzień dobry,',
	messageFrom: 'Wiadomość od {organization}:',
	linkLine: '{button}: {url}',
	openLink: 'Można też otworzyć ten link: {url}',
	actBefore: 'Termin upływa {expires}.',
	personalLink: 'Ten link jest przeznaczony wyłącznie dla adresata; prosimy go nie przekazywać.',
	sentWith: 'Wysłano za pomocą Signflow.',
	refusedSubject: 'Odrzucono: {workflow}',
	refusedLead: 'Osoba {name} odrzuciła dokument „{workflow}” od {organization}. Proces podpisywania został tym samym zakończony, a dokumentu nie można już podpisać.',
	refusedReason: 'Podany powód:',
	expiredSubject: 'Upłynął termin: {workflow}',
	expiredLead: 'Termin procesu podpisywania „{workflow}” od {organization} upłynął {expired}, zanim wszystkie strony złożyły podpisy. Dokumentu nie można już podpisać.',
	cancelledSubject: 'Anulowano: {workflow}',
	cancelledLead: 'Proces podpisywania „{workflow}” od {organization} został anulowany przez nadawcę. Dokumentu nie można już podpisać.',
	cancelledReason: 'Powód podany przez nadawcę ({organization}):',
	endedNothingToDo: 'Nie są wymagane żadne dalsze działania. Link do dokumentu jest już nieaktywny.',

	codeSubject: '{code} to kod do dokumentu „{workflow}”',
	codeEnter: 'Aby otworzyć dokument „{workflow}” od {organization}, należy wpisać ten kod na stronie podpisywania:',
	codeValidity:
		'Kodu można użyć jeden raz, do {until}. Jeśli prośba o kod nie pochodzi od adresata tej wiadomości, wystarczy ją zignorować; bez kodu nikt nie otworzy dokumentu.',

	webhookDisabledSubject: '{organization}: webhook „{webhook}” został wyłączony',
	webhookDisabledWhat: 'Konfiguracja webhooka „{webhook}” ({url}) organizacji {organization} została wyłączona.',
	webhookDisabledNext:
		'Jej zdarzenia są przechowywane, ale nie są wysyłane. Należy usunąć problem po stronie odbiorcy, a następnie ponownie włączyć konfigurację ({enable}): przechowane zdarzenia zostaną wtedy wysłane. Dostawy, które ostatecznie się nie powiodły, można wysłać ponownie za pomocą {replay}.',
	webhookGone: 'Odbiorca odpowiedział kodem HTTP 410: nie chce już otrzymywać tych zdarzeń.',
	webhookDeadInARow:
		'{deliveries, plural, one {# dostawa nie powiodła się} few {# kolejne dostawy nie powiodły się} many {# kolejnych dostaw nie powiodło się} other {# kolejnej dostawy nie powiodło się}} mimo wszystkich prób.',
	webhookFailingFor: 'Od {hours, plural, one {# godziny} few {# godzin} many {# godzin} other {# godziny}} żadna dostawa się nie powiodła.',
	finalizationFailedSubject: '{organization}: nie udało się utworzyć podpisanego pliku PDF dla „{workflow}”',
	finalizationFailedWhat:
		'Wszystkie strony procesu podpisywania „{workflow}” ({id}) organizacji {organization} złożyły podpisy, ale systemowi nie udało się utworzyć podpisanego pliku PDF (podjęto {attempts, plural, one {# próbę} few {# próby} many {# prób} other {# próby}}).',
	finalizationFailedNext:
		'Podpisy są zapisane ({audit}). Przepływy n8n oczekujące na {completed} otrzymały zamiast tego {failed}. Prosimy zgłosić powyższy błąd.',
	alertWhy: 'Przyczyna:',
	alertLastError: 'Ostatni błąd:',
	signedSuffix: 'podpisany',
};
