import type { Messages } from '../catalogue';
import type { en } from './en';

// Gender-neutral forms (infinitives, "יש ל", "אפשר", the second person's unpointed spelling); each line
// starts with a Hebrew word where it can, so that mail programs that guess a line's direction from
// its first letter show it right to left.
export const he: Messages<typeof en> = {
	invitationSubjectSigner: 'בקשה לחתימה על "{workflow}" מאת {organization}',
	invitationSubjectApprover: 'בקשה לבדיקה ולאישור של "{workflow}" מאת {organization}',
	invitationSubjectViewer: 'מסמך לעיונך: "{workflow}" מאת {organization}',
	reminderSubjectSigner: 'תזכורת: "{workflow}" ממתין לחתימתך',
	reminderSubjectApprover: 'תזכורת: "{workflow}" ממתין לבדיקתך ולאישורך',
	reminderSubjectViewer: 'תזכורת: "{workflow}" ממתין לעיונך',
	requestSigner: 'הארגון {organization} מבקש ממך לחתום על "{workflow}".',
	requestApprover: 'הארגון {organization} מבקש ממך לבדוק ולאשר את "{workflow}".',
	requestViewer: 'הארגון {organization} שיתף איתך את "{workflow}".',
	buttonSigner: 'לבדיקה ולחתימה',
	buttonApprover: 'לבדיקה ולאישור',
	buttonViewer: 'לצפייה במסמך',
	completedSubject: 'הושלם: {workflow}',
	completedLead:
		'כל הצדדים חתמו על "{workflow}". אפשר להוריד את המסמכים החתומים, כל אחד עם תעודת ההשלמה שלו, מהקישור שלמטה; מסמכים קטנים מצורפים גם להודעה זו.',
	completedButton: 'להורדת המסמכים החתומים',
	greeting: 'שלום {name},',
	messageFrom: 'הודעה מאת {organization}:',
	linkLine: '{button}: {url}',
	openLink: 'אפשר גם לפתוח את הקישור: {url}',
	actBefore: 'יש לפעול עד {expires}.',
	personalLink: 'הקישור הזה אישי; אין להעביר אותו לאחרים.',
	sentWith: 'נשלח באמצעות Signflow.',
	refusedSubject: 'נדחה: {workflow}',
	refusedLead: 'הבקשה לחתום על "{workflow}" מאת {organization} נדחתה על ידי {name}. תהליך החתימה הסתיים, ולא ניתן עוד לחתום על המסמך.',
	refusedReason: 'הסיבה שנמסרה:',
	expiredSubject: 'פג תוקף: {workflow}',
	expiredLead: 'תוקף הבקשה לחתום על "{workflow}" מאת {organization} פג ב-{expired}, לפני שכל הצדדים חתמו. לא ניתן עוד לחתום על המסמך.',
	cancelledSubject: 'בוטל: {workflow}',
	cancelledLead: 'הבקשה לחתום על "{workflow}" בוטלה על ידי {organization}. לא ניתן עוד לחתום על המסמך.',
	cancelledReason: 'הסיבה שנמסרה על ידי {organization}:',
	endedNothingToDo: 'אין צורך לעשות דבר נוסף. הקישור שלך למסמך כבר אינו פעיל.',

	codeSubject: 'הקוד שלך עבור "{workflow}": {code}',
	codeEnter: 'יש להזין את הקוד הזה בדף החתימה כדי לפתוח את "{workflow}" מאת {organization}:',
	codeValidity: 'הקוד תקף לשימוש אחד בלבד, עד {until}. אם לא ביקשת אותו, אפשר להתעלם מהודעה זו; בלי הקוד אף אחד לא יכול לפתוח את המסמך.',

	webhookDisabledSubject: 'הוובהוק "{webhook}" של {organization} הושבת',
	webhookDisabledWhat: 'הגדרת הוובהוק "{webhook}" ({url}) של {organization} הושבתה.',
	webhookDisabledNext:
		'האירועים שלה נשמרים ואינם נשלחים. יש לתקן את הבעיה בצד המקבל, ולאחר מכן להפעיל מחדש את ההגדרה ({enable}): האירועים השמורים יישלחו אז. אפשר לשלוח מחדש את המסירות שנכשלו סופית באמצעות {replay}.',
	webhookGone: 'השרת המקבל השיב בקוד HTTP 410: הוא אינו מעוניין עוד באירועים האלה.',
	webhookDeadInARow: '{deliveries, plural, one {מסירה אחת נכשלה} two {שתי מסירות רצופות נכשלו} other {# מסירות רצופות נכשלו}} בכל הניסיונות.',
	webhookFailingFor: 'אף מסירה לא הצליחה {hours, plural, one {בשעה האחרונה} two {בשעתיים האחרונות} other {ב-# השעות האחרונות}}.',
	finalizationFailedSubject: 'לא ניתן היה ליצור את קובץ ה-PDF החתום של "{workflow}" ({organization})',
	finalizationFailedWhat:
		'כל הצדדים בתהליך החתימה "{workflow}" ({id}) של {organization} חתמו, אבל המערכת לא הצליחה ליצור את קובץ ה-PDF החתום, גם אחרי {attempts, plural, one {ניסיון אחד} two {שני ניסיונות} other {# ניסיונות}}.',
	finalizationFailedNext:
		'החתימות נשמרו ({audit}). תהליכי n8n שהמתינו ל-{completed} קיבלו במקום זאת את {failed}. נא לדווח על השגיאה שמופיעה למעלה.',
	alertWhy: 'סיבה:',
	alertLastError: 'השגיאה האחרונה:',
	signedSuffix: 'חתום',
};
