import { matchTagRole, parseTextTag, tagSpans, type TagReading } from '../../../engine/domain/textTag';

function tag(source: string) {
	const reading = parseTextTag(source);
	if (!reading.ok) throw new Error(`expected a tag, got: ${reading.problem}`);
	return reading.tag;
}

function problem(source: string): string {
	const reading: TagReading = parseTextTag(source);
	if (reading.ok) throw new Error(`expected a problem with ${source}`);
	return reading.problem;
}

describe('the text tag parser', () => {
	it('reads every type with its role; signature and initials are required, the others optional unless told', () => {
		expect(tag('{{signature;role=Employee}}')).toEqual({ type: 'signature', role: 'Employee', name: null, required: true, width: null, height: null });
		expect(tag('{{initials;role=Employee}}')).toMatchObject({ type: 'initials', required: true });
		expect(tag('{{date;role=Employee}}')).toMatchObject({ type: 'date', required: false });
		expect(tag('{{text;role=HR;name=salary;required}}')).toEqual({ type: 'text', role: 'HR', name: 'salary', required: true, width: null, height: null });
		expect(tag('{{checkbox;role=Employee;name=agree}}')).toMatchObject({ type: 'checkbox', name: 'agree', required: false });
	});

	it('takes width and height in points, required=true|false, spaces and any letter case (word processors capitalise)', () => {
		expect(tag('{{Signature ; Role = Employée ; WIDTH=180 ; height = 40.5}}')).toMatchObject({ role: 'Employée', width: 180, height: 40.5 });
		expect(tag('{{date;role=Bob;required=true}}').required).toBe(true);
		expect(tag('{{text;role=Bob;required=FALSE;name=Straße Nr.}}')).toMatchObject({ required: false, name: 'Straße Nr.' });
		expect(tag('{{text;role=מנהל;name=שכר}}')).toMatchObject({ role: 'מנהל', name: 'שכר' });
	});

	it.each([
		['{{}}', /no type/],
		['{{sign;role=A}}', /Unknown tag type "sign"; use one of signature, initials, date, text, checkbox/],
		['{{signature}}', /no role/],
		['{{signature;role}}', /role needs a value/],
		['{{signature;role=}}', /role needs a value/],
		['{{signature;role=A;colour=red}}', /Unknown option "colour"; a tag takes role, name, required, width, height/],
		['{{signature;role=A;role=B}}', /"role" is given twice/],
		['{{signature;;role=A}}', /Empty option/],
		['{{signature;role=A;}}', /Empty option/],
		['{{signature;role=A;name=x}}', /signature tag takes no name/],
		['{{initials;role=A;required}}', /initials tag is always required/],
		['{{text;role=A;required=yes}}', /required is a flag, or required=true or required=false, not "yes"/],
		['{{text;role=A;width=0}}', /width must be a number of points above 0 and at most 2000.*got "0"/],
		['{{text;role=A;width=-5}}', /width must be/],
		['{{text;role=A;height=abc}}', /height must be.*got "abc"/],
		['{{text;role=A;height}}', /height must be/],
		['{{text;role=A;width=3000}}', /at most 2000/],
		['{{text;role=A;name=}}', /name needs a value/],
		['{{text;role=A;name=a<b}}', /letters, digits, spaces/],
		['{{text;role=A\nB}}', /broken across lines/],
		['{{text;role={{A}}', /cannot contain/],
		['{signature;role=A}', /written \{\{type;role=...\}\}/],
	])('refuses %j precisely', (source, message) => {
		expect(problem(source)).toMatch(message);
	});
});

describe('finding tags in a text', () => {
	it('finds each {{...}}, and an unclosed {{ as a span without end', () => {
		const text = 'Name: {{text;role=A;name=n}} Sign {{signature;role=A}}\nand {{date;role=A';
		expect(tagSpans(text).map(({ start, end }) => (end === -1 ? `unclosed at ${start}` : text.slice(start, end)))).toEqual([
			'{{text;role=A;name=n}}',
			'{{signature;role=A}}',
			`unclosed at ${text.lastIndexOf('{{')}`,
		]);
	});

	it('calls a {{ unclosed when no }} comes within 300 characters', () => {
		expect(tagSpans(`{{text;role=A${'x'.repeat(300)}}}`)).toEqual([{ start: 0, end: -1 }]);
	});
});

describe('matching a tag role to the signers', () => {
	const signers = [{ name: 'Zoë Müller' }, { name: 'HR' }, { name: 'Ana' }];

	it('matches a name ignoring case and accents, else signerN in the order given', () => {
		expect(matchTagRole('zoe muller', signers)).toBe(signers[0]);
		expect(matchTagRole('hr', signers)).toBe(signers[1]);
		expect(matchTagRole('signer3', signers)).toBe(signers[2]);
		expect(matchTagRole('Signer1', signers)).toBe(signers[0]);
		expect(matchTagRole('signer4', signers)).toBeNull();
		expect(matchTagRole('Boss', signers)).toBeNull();
	});

	it('matches an email too', () => {
		expect(matchTagRole('HR@Example.com', [{ name: 'Ann', email: 'ann@example.com' }, { name: 'Hal', email: 'hr@example.com' }])?.name).toBe('Hal');
	});

	it('matches nobody when two signers share the name', () => {
		expect(matchTagRole('ana', [{ name: 'Ana' }, { name: 'ANA' }])).toBeNull();
	});
});
