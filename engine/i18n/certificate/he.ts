import type { Messages } from '../catalogue';
import type { en } from './en';

export const he: Messages<typeof en> = {
	title: 'תעודת השלמה',
	titleContinued: 'תעודת השלמה (המשך)',
	subtitle: '{organization} · נחתם באופן אלקטרוני באמצעות Signflow',
	footer: 'תעודת השלמה · {workflowId}',
	pageOf: 'עמוד {page} מתוך {pages}',

	workflowHeading: 'תהליך החתימה',
	workflowName: 'שם',
	workflowId: 'מזהה התהליך',
	organization: 'ארגון',
	created: 'נוצר',
	sent: 'נשלח',
	completed: 'הושלם',
	timeZone: 'אזור זמן',

	documentsHeading: 'מסמכים',
	file: 'קובץ',
	fileValue: '{name} ({pages, plural, one {עמוד אחד} other {# עמודים}})',
	originalHash: 'SHA-256 של המקור',
	signedHash: 'SHA-256 לאחר החתימה',
	signedHashNote: 'SHA-256 לאחר החתימה: מחושב על העמודים החתומים, לפני שנוספו תעודה זו והחותמת.',

	partiesHeading: 'הצדדים',
	roleOrder: 'תפקיד, סדר',
	roleOrderValue: '{role}, {order}',
	roleSigner: 'חותם/ת',
	roleApprover: 'מאשר/ת',
	roleViewer: 'צפייה בלבד',
	roleCc: 'מקבל/ת עותק',
	viewed: 'נצפה',
	signed: 'נחתם',
	approved: 'אושר',
	part: 'השתתפות',
	partViewer: 'צפייה בלבד',
	partCc: 'מקבל/ת עותק',
	delegatedBy: 'הועבר על ידי',
	consent: 'הסכמה לחתימה אלקטרונית',
	consentGiven: 'ניתנה',
	consentGivenBelow: 'ניתנה (הנוסח להלן)',
	consentGivenLettered: 'ניתנה (נוסח {letter} להלן)',
	notRecorded: 'לא נרשמה',
	ipAddress: 'כתובת IP',
	userAgent: 'זיהוי הדפדפן',

	consentHeadingOne: 'הסכמה לחתימה אלקטרונית',
	consentHeadingMany: 'הסכמות לחתימה אלקטרונית',
	consentLanguage: 'שפה: {language} ({code}), גרסה {version}',

	auditHeading: 'יומן ביקורת',
	events: 'אירועים',
	headHash: 'הגיבוב האחרון',
	auditNote:
		'כל אירוע ביומן הביקורת כולל את הגיבוב של האירוע שקדם לו. הגיבוב האחרון שלמעלה הוא הגיבוב של האירוע החדש ביותר בעת הפקת תעודה זו; GET {auditPath} מחזירה את היומן ובודקת את השרשרת.',

	sealReason: 'נחתם על ידי כל הצדדים: "{workflow}"',
	testWatermark: 'בדיקה – לא בתוקף',
};
