import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { consentCatalogue, pageCatalogue, translator } from '../../engine/i18n';
import type { ApiClient } from '../helpers/engine/apiClient';
import { ManualClock } from '../helpers/engine/clock';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { startSmtp, type TestSmtp } from '../helpers/engine/smtp';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { eventually } from '../helpers/waits';

/*
 * Every server-rendered state of the signing page in the signer's language (a German and a
 * Hebrew signer): <html lang dir>, the texts of the page catalogue in that language, and no
 * English text of it left; the order in which the language is chosen; the language switcher.
 */

const HOUR = 3600_000;

interface Case {
	locale: 'de' | 'he';
	dir: 'ltr' | 'rtl';
	timeZone: string;
	workflow: string;
	signer: string;
	others: [string, string];
}

const CASES: Case[] = [
	{ locale: 'de', dir: 'ltr', timeZone: 'Europe/Berlin', workflow: 'Arbeitsvertrag – Zoë Ångström', signer: 'Jürgen Weiß', others: ['Łukasz Żółć', 'Søren Ærø'] },
	{ locale: 'he', dir: 'rtl', timeZone: 'Asia/Jerusalem', workflow: 'חוזה עבודה – נועה', signer: 'נועה כהן', others: ['דוד לוי', 'Zoë Ångström'] },
];

interface Page {
	status: number;
	headers: Headers;
	html: string;
	/** What a reader sees: the text without tags, scripts and the language switcher (which names every language). */
	text: string;
}

function visibleText(html: string): string {
	return html
		.replace(/<script[\s\S]*?<\/script>/g, ' ')
		.replace(/<nav class="languages"[\s\S]*?<\/nav>/g, ' ')
		.replace(/<\/?bdi>/g, '')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&#96;/g, '`')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&')
		.replace(/\s+/g, ' ');
}

async function fetchPage(url: string, options: { method?: string; acceptLanguage?: string; form?: Record<string, string> } = {}): Promise<Page> {
	const headers: Record<string, string> = {};
	if (options.acceptLanguage) headers['accept-language'] = options.acceptLanguage;
	if (options.form) headers['content-type'] = 'application/x-www-form-urlencoded';
	const response = await fetch(url, {
		method: options.method ?? (options.form ? 'POST' : 'GET'),
		headers,
		body: options.form ? new URLSearchParams(options.form).toString() : undefined,
		redirect: 'manual',
	});
	const html = await response.text();
	return { status: response.status, headers: response.headers, html, text: visibleText(html) };
}

/** The data the page carries inline for its script. */
function bootOf(page: Page): { session: { locale: string; consentText: string } } {
	return JSON.parse(/<script type="application\/json" id="signflow-boot">([\s\S]*?)<\/script>/.exec(page.html)![1]);
}

/** The literal words of each English message of the page surface (what is left around its placeholders). */
function englishFragments(): string[] {
	const fragments: string[] = [];
	const walk = (elements: MessageFormatElement[]) => {
		for (const element of elements) {
			if (element.type === TYPE.literal) fragments.push(...element.value.split('#'));
			if (element.type === TYPE.plural || element.type === TYPE.select) for (const option of Object.values(element.options)) walk(option.value);
		}
	};
	for (const message of Object.values(pageCatalogue.en)) walk(parse(message, { ignoreTag: true }));
	// Brand names and punctuation are the same in every language.
	return [...new Set(fragments.map((fragment) => fragment.replace(/Signflow|JavaScript/g, '').trim()))].filter((fragment) => /[a-z]{2}/i.test(fragment));
}

const ENGLISH = englishFragments();

function expectNoEnglish(page: Page): void {
	expect(ENGLISH.filter((fragment) => page.text.includes(fragment))).toEqual([]);
}

describe(`the signing page in the signer's language on ${TEST_DB}`, () => {
	const clock = new ManualClock(new Date());
	let smtp: TestSmtp;
	let t: TestEngine;
	let api: ApiClient;
	beforeAll(async () => {
		smtp = await startSmtp();
		t = await startTestEngine({ clock, smtpUrl: smtp.url, mailPollIntervalMs: 25, expiryCheckIntervalMs: 25, rateLimitSigningPerToken: 0, rateLimitSigningPerIp: 0 });
		api = t.api;
	}, 60_000);
	afterAll(async () => {
		await t?.destroy();
		await smtp?.close();
	});

	let people = 0;
	interface Person {
		name: string;
		locale?: string | null;
		order?: number;
		role?: string;
		accessCode?: string;
		verification?: string;
	}
	/** A sent workflow; each person gets a signature field (an approver none) and a signer client. */
	async function sent(people_: Person[], workflow: { name: string; timeZone?: string; locale?: string; expiresAt?: string }, client: ApiClient = api) {
		const created = await client.post('/workflows', workflow);
		expect(created.status).toBe(201);
		const file = await client.upload(created.body.id, 'vertrag.pdf', fixturePdf('a4-1page.pdf'));
		const fields: string[] = [];
		for (const [index, person] of people_.entries()) {
			people += 1;
			const { locale, ...rest } = person;
			const added = await client.post(`/workflows/${created.body.id}/signers`, { email: `person.${people}@example.com`, ...rest, ...(locale ? { locale } : {}) });
			expect(added.status).toBe(201);
			if (person.role === 'approver') fields.push('');
			else fields.push((await client.post(`/workflows/${created.body.id}/signatures`, { fileId: file.body.id, signerId: added.body.id, page: 1, x: 50, y: 50 + index * 60 })).body.id);
		}
		const response = await client.post(`/workflows/${created.body.id}/send`);
		expect(response.status).toBe(200);
		const links = response.body.signers.map((signer: { signingUrl: string }) => signer.signingUrl) as string[];
		return { id: created.body.id as string, links, clients: links.map((link) => new SignerClient(link)), fields };
	}

	describe.each(CASES)('for a signer who reads $locale', (c) => {
		const t_ = translator(pageCatalogue, c.locale);
		const me = (extra: Partial<Person> = {}): Person => ({ name: c.signer, locale: c.locale, ...extra });
		const workflow = (extra: { expiresAt?: string } = {}) => ({ name: c.workflow, timeZone: c.timeZone, ...extra });

		function expectLanguage(page: Page): void {
			expect(page.html).toMatch(new RegExp(`^<!doctype html>\\s*<html lang="${c.locale}" dir="${c.dir}">`));
			expect(page.text).toContain(t_('securedBy'));
			expectNoEnglish(page);
		}

		it('shows the document page (ready) in it, with the session and its consent in it', async () => {
			const { links } = await sent([me()], workflow());
			const page = await fetchPage(links[0]);
			expect(page.status).toBe(200);
			expectLanguage(page);
			expect(page.text).toContain(t_('loading'));
			expect(page.text).toContain(t_('needsJavaScript'));
			expect(bootOf(page).session).toMatchObject({ locale: c.locale, consentText: consentCatalogue[c.locale].signer });
			// Switched on the page: the session and its consent follow.
			expect(bootOf(await fetchPage(`${links[0]}?lang=pl`)).session).toMatchObject({ locale: 'pl', consentText: consentCatalogue.pl.signer });
		});

		it('shows done, then completed with the downloads, in it', async () => {
			const { clients, fields, links } = await sent([me(), { name: c.others[0] }], workflow());
			expect((await clients[0].sign({ consent: true, locale: c.locale, values: { [fields[0]]: { type: 'typed', text: c.signer } } })).status).toBe(200);
			const done = await fetchPage(links[0]);
			expectLanguage(done);
			expect(done.html).toContain('data-state="done"');
			expect(done.text).toContain(t_('doneSignedTitle'));
			expect(done.text).toContain(t_('doneSignedThanks', { name: c.signer, workflow: c.workflow }));
			expect(done.text).toContain(t_('doneByEmail'));

			expect((await clients[1].sign({ consent: true, values: { [fields[1]]: { type: 'typed', text: c.others[0] } } })).status).toBe(200);
			const completed = await eventually(() => fetchPage(links[0]), (page) => page.html.includes('class="downloads"'));
			expectLanguage(completed);
			expect(completed.text).toContain(t_('completedTitle'));
			expect(completed.text).toContain(t_('completedLine', { workflow: c.workflow }));
			expect(completed.text).toContain(t_('completedDownloads'));
			expect(completed.text).toContain(t_('download'));
			// The signed file is named in the language too, on the page and as downloaded.
			expect(completed.text).toContain(`-${t_('signedSuffix')}.pdf`);
			const href = /href="(\/sign\/[^"]+\/signed\/[^"]+)"/.exec(completed.html)![1].replace(/&amp;/g, '&');
			const download = await fetch(new URL(href, links[0]));
			expect(download.status).toBe(200);
			expect(decodeURIComponent(download.headers.get('content-disposition') ?? '')).toContain(`-${t_('signedSuffix')}.pdf`);
		}, 60_000);

		it('shows refused to the one who refused and declined to the others, in it', async () => {
			const { clients, links } = await sent([me(), me({ name: c.others[0] })], workflow());
			const reason = 'Gehalt & Urlaub <falsch> – שכר';
			expect((await clients[0].refuse(reason)).status).toBe(200);
			const own = await fetchPage(links[0]);
			expectLanguage(own);
			expect(own.text).toContain(t_('refusedOwnTitle'));
			expect(own.text).toContain(t_('refusedOwnLine', { workflow: c.workflow }));
			expect(own.text).toContain(t_('ownReason', { reason }));
			const other = await fetchPage(links[1]);
			expectLanguage(other);
			expect(other.text).toContain(t_('refusedOtherTitle'));
			expect(other.text).toContain(t_('refusedOtherLine', { workflow: c.workflow }));
		});

		it('shows expired in it, the date in its words and the workflow\'s zone', async () => {
			const expiresAt = new Date(clock.now().getTime() + HOUR);
			const { id, links } = await sent([me()], workflow({ expiresAt: expiresAt.toISOString() }));
			clock.advance(2 * HOUR);
			await eventually(async () => (await api.get(`/workflows/${id}`)).body.status, (status) => status === 'expired');
			const page = await fetchPage(links[0]);
			expectLanguage(page);
			expect(page.text).toContain(t_('expiredTitle'));
			expect(page.text).toContain(t_('askToSendAgain'));
			const month = new Intl.DateTimeFormat(c.locale, { month: 'long', timeZone: c.timeZone }).format(expiresAt);
			expect(page.text).toContain(month);
			expect(page.text).toContain(`(${c.timeZone})`);
		});

		it('shows cancelled in it, with the sender\'s reason', async () => {
			const { id, links } = await sent([me()], workflow());
			expect((await api.post(`/workflows/${id}/cancel`, { reason: 'Stelle besetzt – המשרה אוישה' })).status).toBe(200);
			const page = await fetchPage(links[0]);
			expectLanguage(page);
			expect(page.text).toContain(t_('cancelledTitle'));
			expect(page.text).toContain(t_('cancelledLine', { workflow: c.workflow }));
			expect(page.text).toContain(t_('cancelledReason', { reason: 'Stelle besetzt – המשרה אוישה' }));
		});

		it('asks for the access code in it, says how many tries are left, and shows locked in it', async () => {
			const { links, clients } = await sent([me({ accessCode: 'Kod-7423 Ü' })], workflow());
			const ask = await fetchPage(links[0]);
			expectLanguage(ask);
			expect(ask.text).toContain(t_('accessTitle'));
			expect(ask.text).toContain(t_('accessLabel'));
			const wrong = await fetchPage(links[0], { form: { code: 'falsch' } });
			expect(wrong.status).toBe(401);
			expectLanguage(wrong);
			expect(wrong.text).toContain(t_('codeWrong', { attemptsLeft: 4 }));
			for (let attempt = 0; attempt < 4; attempt++) await clients[0].accessCode(`falsch-${attempt}`);
			const locked = await fetchPage(links[0]);
			expectLanguage(locked);
			expect(locked.text).toContain(t_('lockedTitle'));
			expect(locked.text).toContain(t_('lockedAccessCode', { attempts: 5 }));
			expect(locked.text).toContain(t_('askForNewLink'));
		});

		it('shows waiting in it, naming those first as its language lists them', async () => {
			const { links } = await sent([{ name: c.others[0] }, { name: c.others[1] }, me({ order: 2 })], workflow());
			const page = await fetchPage(links[2]);
			expectLanguage(page);
			expect(page.text).toContain(t_('waitingTitle'));
			const names = new Intl.ListFormat(c.locale, { type: 'conjunction' }).format(c.others);
			expect(page.text).toContain(t_('waitingSign', { workflow: c.workflow, names }));
			// Each name isolated, so that a name in the other direction keeps its place in the sentence.
			for (const name of [c.workflow, ...c.others]) expect(page.html).toContain(`<bdi>${name}</bdi>`);
			expect(page.text).toContain(t_('waitingByEmail'));
		});

		it('asks for the code sent by email in it: before sending, after, and after a wrong one', async () => {
			const { links, clients } = await sent([me({ verification: 'email_otp' })], workflow());
			const before = await fetchPage(links[0]);
			expectLanguage(before);
			expect(before.text).toContain(t_('emailCodeTitle'));
			expect(before.text).toContain(t_('emailCodeSend'));
			expect((await clients[0].sendEmailCode()).status).toBe(200);
			const pending = await fetchPage(links[0]);
			expectLanguage(pending);
			expect(pending.text).toContain(t_('emailCodeLabel'));
			expect(pending.text).toContain(t_('emailCodeEnter', { minutes: 10 }));
			expect(pending.html).toMatch(/<strong dir="ltr">[^<]*@example\.com<\/strong>/);
			const wrong = await fetchPage(`${links[0]}/email-code`, { form: { code: '000000' } });
			expect(wrong.status).toBe(401);
			expectLanguage(wrong);
			expect(wrong.text).toContain(t_('codeWrong', { attemptsLeft: 4 }));
			const malformed = await fetchPage(`${links[0]}/email-code`, { form: { code: 'abc' } });
			expectLanguage(malformed);
			expect(malformed.text).toContain(t_('emailCodeMalformed'));
			const tooSoon = await fetchPage(`${links[0]}/email-code/send`, { form: {} });
			expect(tooSoon.status).toBe(429);
			expectLanguage(tooSoon);
			expect(tooSoon.text).toMatch(new RegExp(t_('emailCodeTooSoon', { seconds: 999 }).split('999')[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
		});

		it('shows the invalid link page in the language asked for or the browser\'s', async () => {
			const unknown = `${t.engine.url}/sign/${'A'.repeat(43)}`;
			for (const page of [await fetchPage(`${unknown}?lang=${c.locale}`), await fetchPage(unknown, { acceptLanguage: `${c.locale};q=0.9, en;q=0.5` })]) {
				expect(page.status).toBe(404);
				expectLanguage(page);
				expect(page.html).toContain(`<title>${t_('linkNotValidTitle')}</title>`);
				expect(page.text).toContain(t_('invalidTitle'));
				expect(page.text).toContain(t_('invalidLine'));
			}
		});
	});

	describe('the language chosen', () => {
		const langOf = (page: Page) => /<html lang="([^"]+)"/.exec(page.html)?.[1];

		it('is the switcher\'s, then the signer\'s, the workflow\'s, the organization\'s, the browser\'s, else English', async () => {
			const { api: other } = await t.newOrganization('Ufficio Personale');
			expect((await other.request('PATCH', '/organization', { json: { defaultLocale: 'fr' } })).status).toBe(200);
			const { links } = await sent(
				[{ name: 'Łukasz Żółć', locale: 'pl' }, { name: 'Giulia Ricci' }],
				{ name: 'Contratto – Ünïcode', locale: 'it' },
				other,
			);
			const { links: bare } = await sent([{ name: 'Anouk de Vries' }], { name: 'Overeenkomst' }, other);
			const browser = 'nl-BE, nl;q=0.9, en;q=0.1';

			expect(langOf(await fetchPage(`${links[0]}?lang=es`, { acceptLanguage: browser }))).toBe('es');
			expect(langOf(await fetchPage(`${links[0]}?lang=pt-br`, { acceptLanguage: browser }))).toBe('pt-BR');
			// A language the engine does not speak is ignored.
			expect(langOf(await fetchPage(`${links[0]}?lang=ja`, { acceptLanguage: browser }))).toBe('pl');
			expect(langOf(await fetchPage(links[0], { acceptLanguage: browser }))).toBe('pl');
			expect(langOf(await fetchPage(links[1], { acceptLanguage: browser }))).toBe('it');
			const organizations = await fetchPage(bare[0], { acceptLanguage: browser });
			expect(langOf(organizations)).toBe('fr');
			expect(organizations.headers.get('vary') ?? '').not.toMatch(/accept-language/i);

			expect((await other.request('PATCH', '/organization', { json: { defaultLocale: null } })).status).toBe(200);
			const browsers = await eventually(() => fetchPage(bare[0], { acceptLanguage: browser }), (page) => langOf(page) !== 'fr', 5000);
			expect(langOf(browsers)).toBe('nl-BE');
			expect(browsers.headers.get('vary')).toMatch(/accept-language/i);
			expect(browsers.headers.get('vary')).toMatch(/accept-encoding/i);
			expect(langOf(await fetchPage(bare[0], { acceptLanguage: 'ja, zh;q=0.8' }))).toBe('en');
			expect(langOf(await fetchPage(bare[0]))).toBe('en');
		});

		it('is the same for the JSON session: ?lang= first, then the link\'s own, then Accept-Language', async () => {
			const { api: other } = await t.newOrganization('Kantoor');
			const { links } = await sent([{ name: 'Sanne de Vries' }, { name: 'Jürgen Weiß', locale: 'de' }], { name: 'Overeenkomst' }, other);
			const session = async (link: string, query: string, acceptLanguage?: string) => {
				const response = await fetch(`${link}/session${query}`, { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });
				return { vary: response.headers.get('vary') ?? '', body: (await response.json()) as { locale: string; consentText: string } };
			};
			const chosen = await session(links[0], '?lang=he', 'nl');
			expect(chosen.body).toMatchObject({ locale: 'he', consentText: consentCatalogue.he.signer });
			expect(chosen.vary).not.toMatch(/accept-language/i);
			const browsers = await session(links[0], '', 'nl;q=0.8, ja');
			expect(browsers.body).toMatchObject({ locale: 'nl', consentText: consentCatalogue.nl.signer });
			expect(browsers.vary).toMatch(/accept-language/i);
			expect((await session(links[1], '', 'nl')).body).toMatchObject({ locale: 'de', consentText: consentCatalogue.de.signer });
			expect((await session(links[1], '?lang=xx', 'nl')).body.locale).toBe('de');
		});
	});

	describe('the language switcher', () => {
		it('links every language by its own name, marks the current one, and the choice stays through the access code', async () => {
			const { links } = await sent([{ name: 'Jürgen Weiß', locale: 'de', accessCode: 'Kod-7423 Ü' }], { name: 'Arbeitsvertrag' });
			const path = new URL(links[0]).pathname;
			const page = await fetchPage(links[0]);
			const nav = /<nav class="languages" aria-label="([^"]+)"><ul>([\s\S]*?)<\/ul><\/nav>/.exec(page.html);
			expect(nav?.[1]).toBe(pageCatalogue.de.languages);
			const items = [...nav![2].matchAll(/<a ([^>]*)>([^<]*)<\/a>/g)].map(([, attributes, name]) => ({ attributes, name }));
			expect(items.map((item) => item.name)).toEqual(['English', 'Deutsch', 'Français', 'Italiano', 'Español', 'Português', 'Nederlands', 'Polski', 'עברית']);
			for (const [index, language] of ['en', 'de', 'fr', 'it', 'es', 'pt', 'nl', 'pl', 'he'].entries())
				expect(items[index].attributes).toBe(
					`href="${path}?lang=${language}" hreflang="${language}" lang="${language}"${language === 'he' ? ' dir="rtl"' : ''}${language === 'de' ? ' aria-current="true"' : ''}`,
				);
			// The strict CSP stays: no inline style or script came with the switcher.
			expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
			expect(page.html).not.toMatch(/\sstyle="/);

			// Following the Hebrew link: the page in Hebrew, and its form posts keep the choice.
			const hebrew = await fetchPage(`${links[0]}?lang=he`);
			expect(hebrew.html).toContain('<html lang="he" dir="rtl">');
			expect(hebrew.html).toContain(`<a href="${path}?lang=he" hreflang="he" lang="he" dir="rtl" aria-current="true">`);
			expect(hebrew.html).toContain(`<form method="post" action="${path}?lang=he" class="access-form">`);
			const wrong = await fetchPage(`${links[0]}?lang=he`, { form: { code: 'falsch' } });
			expect(wrong.text).toContain(translator(pageCatalogue, 'he')('codeWrong', { attemptsLeft: 4 }));
			const right = await fetchPage(`${links[0]}?lang=he`, { form: { code: 'Kod-7423 Ü' } });
			expect(right.status).toBe(303);
			expect(right.headers.get('location')).toBe(`${path}?lang=he`);
		});

		it('keeps the choice on the email code\'s forms and after them', async () => {
			const { links } = await sent([{ name: 'Jürgen Weiß', locale: 'de', verification: 'email_otp' }], { name: 'Arbeitsvertrag' });
			const path = new URL(links[0]).pathname;
			const page = await fetchPage(`${links[0]}?lang=pl`);
			expect(page.html).toContain('<html lang="pl" dir="ltr">');
			expect(page.html).toContain(`action="${path}/email-code/send?lang=pl"`);
			const sentCode = await fetchPage(`${links[0]}/email-code/send?lang=pl`, { form: {} });
			expect(sentCode.status).toBe(303);
			expect(sentCode.headers.get('location')).toBe(`${path}?lang=pl`);
			const pending = await fetchPage(`${links[0]}?lang=pl`);
			expect(pending.html).toContain(`action="${path}/email-code?lang=pl"`);
			const wrong = await fetchPage(`${links[0]}/email-code?lang=pl`, { form: { code: '000000' } });
			expect(wrong.html).toContain('<html lang="pl" dir="ltr">');
			// Its switcher links go to the page, not to the form's address.
			expect(wrong.html).toContain(`<a href="${path}?lang=de" hreflang="de" lang="de">Deutsch</a>`);
		});
	});
});
