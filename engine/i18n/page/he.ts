import type { Messages } from '../catalogue';
import type { en } from './en';

/** Hebrew: gender-neutral where the language allows, else the slash form (השולח/ת). */
export const he: Messages<typeof en> = {
	securedBy: 'מאובטח על ידי Signflow',
	languages: 'שפה',
	linkNotValidTitle: 'הקישור אינו תקף',

	doneSignedTitle: 'חתמת על המסמך',
	doneApprovedTitle: 'אישרת את המסמך',
	doneSignedThanks: 'תודה, {name}. חתימתך על "{workflow}" נרשמה.',
	doneApprovedThanks: 'תודה, {name}. אישורך עבור "{workflow}" נרשם.',
	doneByEmail: 'לאחר שכל הצדדים יחתמו, המסמך החתום יישלח אליך בדוא״ל, ויהיה אפשר להוריד אותו גם מקישור זה.',
	doneByLink: 'לאחר שכל הצדדים יחתמו, יהיה אפשר להוריד את המסמך החתום מקישור זה.',

	completedTitle: 'כל הצדדים חתמו',
	completedLine: '"{workflow}" הושלם.',
	completedDownloads: 'להורדת המסמכים החתומים (כל אחד מהם חתום בחותמת אלקטרונית ומצורפת אליו תעודת השלמה):',
	download: 'הורדה',
	completedPreparing: 'המסמכים החתומים בהכנה. הדף יתעדכן מעצמו בעוד רגע.',

	refusedOwnTitle: 'סירבת לחתום',
	declinedOwnTitle: 'סירבת לאשר',
	refusedOwnLine: 'סירבת לחתום על "{workflow}".',
	declinedOwnLine: 'סירבת לאשר את "{workflow}".',
	ownReason: 'הסיבה שציינת: {reason}',
	refusedOtherTitle: 'המסמך נדחה',
	refusedOtherLine: '"{workflow}" נדחה על ידי צד אחר, ולכן אין עוד צורך בחתימתך.',

	expiredTitle: 'תוקף בקשת החתימה פג',
	expiredOn: 'תוקפו של "{workflow}" פג ב־{date}.',
	expiredNoDate: 'תוקפו של "{workflow}" פג.',
	askToSendAgain: 'יש לבקש מהשולח/ת לשלוח אותו שוב.',

	cancelledTitle: 'בקשת החתימה בוטלה',
	cancelledLine: 'השולח/ת ביטל/ה את "{workflow}".',
	cancelledReason: 'סיבה: {reason}',

	lockedTitle: 'הקישור נחסם',
	lockedAccessCode: 'קוד הגישה הוזן באופן שגוי {attempts, plural, one {פעם אחת} two {פעמיים} other {# פעמים}}.',
	lockedEmailCode: 'הוזן קוד שגוי {attempts, plural, one {פעם אחת} two {פעמיים} other {# פעמים}}.',
	askForNewLink: 'יש לבקש קישור חדש מהשולח/ת.',

	waitingTitle: 'תורך עדיין לא הגיע',
	waitingSign: '"{workflow}": תורך לחתום יגיע אחרי {names}.',
	waitingApprove: '"{workflow}": תורך לאשר יגיע אחרי {names}.',
	waitingByEmail: 'כשיגיע תורך תישלח אליך הודעת דוא״ל, ואז קישור זה יפעל.',
	waitingByLink: 'יש לפתוח את הקישור שוב לאחר שהאחרים יסיימו; אז הוא יפעל.',

	invalidTitle: 'קישור זה אינו תקף',
	invalidLine: 'ייתכן שהוקלד בטעות, או שקישור חדש יותר החליף אותו.',
	nothingTitle: 'אין כאן פעולה לביצוע',

	accessTitle: 'הזנת קוד גישה',
	accessLine: 'השולח/ת הגן/ה על מסמך זה בקוד גישה שנמסר לך בנפרד.',
	accessLabel: 'קוד גישה',
	codeWrong: 'הקוד שגוי. {attemptsLeft, plural, one {נותר ניסיון אחד} two {נותרו שני ניסיונות} other {נותרו # ניסיונות}}.',
	continue: 'המשך',

	loading: 'המסמך נטען…',
	needsJavaScript: 'כדי להציג את המסמך ולחתום עליו, דף זה זקוק ל־JavaScript.',

	emailCodeTitle: 'אימות זהות',
	emailCodeSent: 'שלחנו קוד בן 6 ספרות אל {email}.',
	emailCodeSentTest: 'זהו תהליך בדיקה: הקוד מוצג למטה ואינו נשלח אל {email}.',
	emailCodeEnter: 'יש להזין אותו כדי לפתוח את המסמך; הקוד בתוקף למשך {minutes, plural, one {דקה אחת} two {שתי דקות} other {# דקות}}.',
	emailCodeLabel: 'הקוד מהודעת הדוא״ל',
	emailCodeResend: 'לא התקבלה הודעה? כדאי לבדוק בתיקיית דואר הזבל, או {button}.',
	emailCodeResendButton: 'לשלוח קוד חדש',
	emailCodeBefore: 'לפני פתיחת המסמך נשלח קוד בן 6 ספרות אל {email}.',
	emailCodeBeforeTest: 'לפני פתיחת המסמך יש להזין קוד בן 6 ספרות. זהו תהליך בדיקה: הקוד מוצג בדף זה ואינו נשלח בדוא״ל.',
	emailCodeSend: 'שליחת קוד בדוא״ל',
	emailCodeShow: 'הצגת קוד',
	emailCodeTestNotice: 'תהליך בדיקה: לא נשלחת הודעת דוא״ל. הקוד שלך: {code}.',
	emailCodeExpired: 'תוקף הקוד פג. יש לשלוח קוד חדש ולהזין אותו.',
	emailCodeMalformed: 'הקוד מורכב מ־6 ספרות.',
	emailCodeTooSoon: 'קוד נשלח זה עתה; אפשר לבקש קוד נוסף בעוד {seconds, plural, one {שנייה אחת} two {שתי שניות} other {# שניות}}.',
	emailCodeNoMail: 'לא ניתן לשלוח מכאן קוד בדוא״ל. יש לפנות לשולח/ת.',
	signedSuffix: 'חתום',
};
