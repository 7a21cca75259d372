import type { Messages } from '../catalogue';
import type { en } from './en';

export const nl: Messages<typeof en> = {
	invitationSubjectSigner: '{organization}: wilt u “{workflow}” ondertekenen?',
	invitationSubjectApprover: '{organization}: wilt u “{workflow}” controleren en goedkeuren?',
	invitationSubjectViewer: '{organization}: wilt u “{workflow}” bekijken?',
	reminderSubjectSigner: 'Herinnering: wilt u “{workflow}” ondertekenen?',
	reminderSubjectApprover: 'Herinnering: wilt u “{workflow}” controleren en goedkeuren?',
	reminderSubjectViewer: 'Herinnering: wilt u “{workflow}” bekijken?',
	requestSigner: '{organization} vraagt u “{workflow}” te ondertekenen.',
	requestApprover: '{organization} vraagt u “{workflow}” te controleren en goed te keuren.',
	requestViewer: '{organization} heeft “{workflow}” met u gedeeld.',
	buttonSigner: 'Controleren en ondertekenen',
	buttonApprover: 'Controleren en goedkeuren',
	buttonViewer: 'Document bekijken',
	completedSubject: 'Voltooid: {workflow}',
	completedLead:
		'Alle partijen hebben “{workflow}” ondertekend. Via de link hieronder kunt u de ondertekende documenten downloaden, elk met een voltooiingscertificaat; kleinere bestanden zijn ook bijgevoegd.',
	completedButton: 'Ondertekende documenten downloaden',
	greeting: 'Beste {name},',
	messageFrom: 'Bericht van {organization}:',
	linkLine: '{button}: {url}',
	openLink: 'Of open deze link: {url}',
	actBefore: 'Wij verzoeken u dit vóór {expires} te doen.',
	personalLink: 'Deze link is persoonlijk; stuur hem niet door.',
	sentWith: 'Verzonden met Signflow.',
	refusedSubject: 'Geweigerd: {workflow}',
	refusedLead: '{name} heeft “{workflow}” van {organization} geweigerd. De ondertekeningsprocedure is daarmee beëindigd en het document kan niet meer worden ondertekend.',
	refusedReason: 'Opgegeven reden:',
	expiredSubject: 'Verlopen: {workflow}',
	expiredLead: 'De ondertekeningsprocedure “{workflow}” van {organization} is op {expired} verlopen, voordat alle partijen hadden ondertekend. Het document kan niet meer worden ondertekend.',
	cancelledSubject: 'Geannuleerd: {workflow}',
	cancelledLead: '{organization} heeft de ondertekeningsprocedure “{workflow}” geannuleerd. Het document kan niet meer worden ondertekend.',
	cancelledReason: 'Reden opgegeven door {organization}:',
	endedNothingToDo: 'U hoeft verder niets te doen. Uw link naar het document werkt niet meer.',

	codeSubject: '{code} is uw code voor “{workflow}”',
	codeEnter: 'Voer deze code in op de ondertekeningspagina om “{workflow}” van {organization} te openen:',
	codeValidity:
		'De code is één keer geldig, tot {until}. Hebt u er niet om gevraagd? Dan kunt u deze e-mail negeren; zonder de code kan niemand het document openen.',

	webhookDisabledSubject: '{organization}: webhook “{webhook}” is uitgeschakeld',
	webhookDisabledWhat: 'De webhookconfiguratie “{webhook}” ({url}) van {organization} is uitgeschakeld.',
	webhookDisabledNext:
		'De gebeurtenissen ervan worden bewaard, niet verzonden. Los het probleem aan de ontvangende kant op en schakel de configuratie daarna weer in ({enable}): dan worden de bewaarde gebeurtenissen verzonden. Verzend leveringen die definitief zijn mislukt opnieuw met {replay}.',
	webhookGone: 'De ontvanger antwoordde met HTTP-status 410: deze gebeurtenissen zijn daar niet meer gewenst.',
	webhookDeadInARow: '{deliveries, plural, one {# levering is} other {# leveringen op rij zijn}} bij elke poging mislukt.',
	webhookFailingFor: 'Al {hours, plural, one {# uur} other {# uur}} is geen enkele levering gelukt.',
	finalizationFailedSubject: '{organization}: de ondertekende PDF van “{workflow}” kon niet worden gemaakt',
	finalizationFailedWhat:
		'Alle partijen van de ondertekeningsprocedure “{workflow}” ({id}) van {organization} hebben ondertekend, maar het systeem kon de ondertekende PDF na {attempts, plural, one {# poging} other {# pogingen}} niet maken.',
	finalizationFailedNext:
		'De handtekeningen zijn vastgelegd ({audit}). De n8n-processen die op {completed} wachtten, hebben in plaats daarvan {failed} ontvangen. Meld de bovenstaande fout alstublieft.',
	alertWhy: 'Reden:',
	alertLastError: 'Laatste fout:',
	signedSuffix: 'ondertekend',
};
