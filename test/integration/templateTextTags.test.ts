import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { packageDir } from '../../engine/vendor';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { pdftotext } from '../helpers/pdf/pdfTools';
import { until } from '../helpers/waits';

/*
 * Text tags on template files: read by default, each tag a field of the role
 * it names (by role name), a tag's name the key create-from-template's
 * prefill fills; bad tags refused with one detail per tag and its page.
 */

const SIZE = 11;

let t: TestEngine;

beforeAll(async () => {
	t = await startTestEngine();
});

afterAll(async () => {
	await t?.stop();
});

/** An offer letter in DejaVu Sans with each tag after other text in its run, and where each tag stands. */
async function offerLetter() {
	const document = await PDFDocument.create();
	document.registerFontkit(fontkit);
	const bytes = readFileSync(path.join(packageDir('dejavu-fonts-ttf'), 'ttf', 'DejaVuSans.ttf'));
	const metrics = fontkit.create(bytes) as unknown as { ascent: number; descent: number; unitsPerEm: number };
	const font = await document.embedFont(bytes, { subset: true });
	const page = document.addPage([595.28, 841.89]);
	const at: Record<string, { x: number; y: number; width: number; height: number }> = {};
	const line = (name: string, lead: string, tag: string, y: number) => {
		page.drawText(`${lead}${tag}`, { x: 50, y, size: SIZE, font });
		at[name] = {
			x: 50 + font.widthOfTextAtSize(lead, SIZE),
			y: y + (metrics.descent / metrics.unitsPerEm) * SIZE,
			width: font.widthOfTextAtSize(tag, SIZE),
			height: ((metrics.ascent - metrics.descent) / metrics.unitsPerEm) * SIZE,
		};
	};
	page.drawText('Arbeitsvertrag – Zoë Ødegaard', { x: 50, y: 780, size: 16, font });
	line('salary', 'Jahresgehalt / Annual salary (€): ', '{{text;role=HR;name=salary}}', 700);
	line('agree', 'Ich stimme zu / I agree: ', '{{checkbox;role=employee;name=agree}}', 660);
	line('date', 'Datum / Date: ', '{{date;role=Employee;required}}', 620);
	line('signature', 'Unterschrift der Arbeitnehmerin: ', '{{signature;role=Employee}}', 560);
	line('hr', 'Für die Personalabteilung: ', '{{initials;role=HR}}', 520);
	return { bytes: await document.save(), at };
}

async function templateWithRoles(roles: Array<{ name: string; role?: string; order: number }>) {
	const id = (await t.api.post('/templates', { name: 'Arbeitsvertrag – Zoë Ødegaard' })).body.id as string;
	const ids: Record<string, string> = {};
	for (const role of roles) {
		const added = await t.api.post(`/templates/${id}/roles`, role);
		expect(added.status).toBe(201);
		ids[role.name] = added.body.id;
	}
	return { id, roles: ids };
}

/** Multipart, with no textTags field: templates read tags by default. */
function upload(templateId: string, bytes: Uint8Array, fields: Record<string, string> = {}) {
	const form = new FormData();
	form.append('name', 'vertrag.pdf');
	for (const [key, value] of Object.entries(fields)) form.append(key, value);
	form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'vertrag.pdf');
	return t.api.request<any>('POST', `/templates/${templateId}/files`, { body: form });
}

function expectWithinOnePoint(actual: { x: number; y: number; width: number; height: number }, expected: { x: number; y: number; width: number; height: number }) {
	const off = Object.fromEntries((['x', 'y', 'width', 'height'] as const).map((key) => [key, Math.round(Math.abs(actual[key] - expected[key]) * 100) / 100]));
	expect(Object.values(off).every((points) => points <= 1) ? 'within 1 pt' : off).toBe('within 1 pt');
}

describe('text tags on template files', () => {
	it('reads tags by default: fields of the named roles on the tags (within 1 pt), a named annotation to prefill; the stored file has them covered', async () => {
		const { bytes, at } = await offerLetter();
		const template = await templateWithRoles([
			{ name: 'Employee', order: 1 },
			{ name: 'HR', order: 2 },
		]);
		const added = await upload(template.id, bytes);
		expect([added.status, added.body.error?.message]).toEqual([201, undefined]);
		const { signatures, annotations } = added.body.textTagFields;
		expect(signatures.map((field: any) => [field.kind, field.roleId, field.required])).toEqual([
			['signature', template.roles.Employee, true],
			['initials', template.roles.HR, true],
		]);
		expect(annotations.map((field: any) => [field.type, field.roleId, field.name, field.prefill, field.required])).toEqual([
			['text', template.roles.HR, 'salary', 'default', false],
			['checkbox', template.roles.Employee, 'agree', 'default', false],
			['date', template.roles.Employee, null, 'default', true],
		]);
		expectWithinOnePoint(annotations[0], at.salary);
		expectWithinOnePoint(annotations[1], at.agree);
		expectWithinOnePoint(annotations[2], at.date);
		expectWithinOnePoint(signatures[0], at.signature);
		expectWithinOnePoint(signatures[1], at.hr);

		const detail = (await t.api.get(`/templates/${template.id}`)).body;
		expect(detail.signatures.map((field: any) => field.id)).toEqual(signatures.map((field: any) => field.id));
		expect(detail.annotations.map((field: any) => field.id)).toEqual(annotations.map((field: any) => field.id));
		expect(detail.files[0].sha256).not.toBe(createHash('sha256').update(bytes).digest('hex'));
		const events = (await t.api.get('/events?limit=100')).body;
		expect(JSON.stringify(events)).toContain('"textTags":5');
	});

	it('refuses with 422 one detail per bad tag and its page: a role the template lacks, a signature for a cc role, a name prefill cannot take', async () => {
		const document = await PDFDocument.create();
		const font = await document.embedFont(StandardFonts.Helvetica);
		document.addPage([595.28, 841.89]).drawText('Manager: {{signature;role=Manager}}  Employee: {{signature;role=Employee}}', { x: 40, y: 700, size: 10, font });
		const second = document.addPage([595.28, 841.89]);
		second.drawText('{{signature;role=Observer}}', { x: 40, y: 700, size: 10, font });
		second.drawText('{{text;role=Employee;name=Gehalt brutto}}', { x: 40, y: 650, size: 10, font });
		second.drawText('{{text;role=Employee;name=start}} {{date;role=Employee;name=start}}', { x: 40, y: 600, size: 10, font });
		const template = await templateWithRoles([
			{ name: 'Employee', order: 1 },
			{ name: 'Observer', role: 'cc', order: 2 },
		]);
		const refused = await upload(template.id, await document.save());
		expect(refused.status).toBe(422);
		expect(refused.body.error.code).toBe('text_tags_invalid');
		const details = refused.body.error.details as Array<{ page: number; tag: string; message: string }>;
		expect(details.map(({ page, tag }) => [page, tag])).toEqual([
			[1, '{{signature;role=Manager}}'],
			[2, '{{signature;role=Observer}}'],
			[2, '{{text;role=Employee;name=Gehalt brutto}}'],
			[2, '{{date;role=Employee;name=start}}'],
		]);
		expect(details[0].message).toMatch(/Page 1, \{\{signature;role=Manager\}\}: this template has no role "Manager"; use one of its role names \("Employee", "Observer"\)/);
		expect(details[1].message).toMatch(/Observer is a cc role/);
		expect(details[2].message).toMatch(/cannot name a template field/);
		expect(details[3].message).toMatch(/"start" already names a text field/);
		const detail = (await t.api.get(`/templates/${template.id}`)).body;
		expect([detail.files.length, detail.signatures.length, detail.annotations.length]).toEqual([0, 0, 0]);
	});

	it('keeps the PDF as it is with textTags false (JSON and multipart)', async () => {
		const { bytes } = await offerLetter();
		const template = await templateWithRoles([]);
		const json = await t.api.post(`/templates/${template.id}/files`, { name: 'vertrag.pdf', contentBase64: Buffer.from(bytes).toString('base64'), textTags: false });
		const multipart = await upload(template.id, bytes, { textTags: 'false' });
		for (const added of [json, multipart]) {
			expect([added.status, added.body.error?.message]).toEqual([201, undefined]);
			expect(added.body.textTagFields).toBeUndefined();
			expect(added.body.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
		}
		// Without roles, the default reads the tags and names the missing roles.
		const refused = await t.api.post(`/templates/${template.id}/files`, { name: 'vertrag.pdf', contentBase64: Buffer.from(bytes).toString('base64') });
		expect([refused.status, refused.body.error.code]).toEqual([422, 'text_tags_invalid']);
		expect(refused.body.error.details).toHaveLength(5);
		expect(refused.body.error.details[0].message).toMatch(/it has no roles yet/);
	});

	it('round trip: a workflow made from the tagged template with prefill and send is signed; the signed PDF shows the values', async () => {
		const { bytes } = await offerLetter();
		const template = await templateWithRoles([
			{ name: 'Employee', order: 1 },
			{ name: 'HR', order: 2 },
		]);
		expect((await upload(template.id, bytes)).status).toBe(201);
		const made = await t.api.post(`/templates/${template.id}/workflows`, {
			roles: { Employee: { name: 'Zoë Ødegaard', email: 'zoe@example.com' }, HR: { name: 'Đặng Thị Hồng', email: 'hr@example.com' } },
			prefill: { salary: '85.000 € brutto', agree: true },
			send: true,
		});
		expect([made.status, made.body.error?.message]).toEqual([201, undefined]);
		const workflow = made.body;
		const [zoe, hr] = workflow.signers;
		const salary = workflow.annotations.find((annotation: any) => annotation.label === 'salary');
		const agree = workflow.annotations.find((annotation: any) => annotation.label === 'agree');
		const date = workflow.annotations.find((annotation: any) => annotation.type === 'date');
		expect(salary).toMatchObject({ signerId: hr.id, value: '85.000 € brutto' });
		expect(agree).toMatchObject({ signerId: zoe.id, value: true });
		const field = (signerId: string) => workflow.signatures.find((signature: any) => signature.signerId === signerId).id;
		const zoeSigned = await new SignerClient(zoe.signingUrl).sign({
			consent: true,
			values: { [field(zoe.id)]: { type: 'typed', text: 'Zoë Ødegaard' }, [date.id]: { type: 'date', value: '2027-02-01' }, [agree.id]: { type: 'checkbox', value: true } },
		});
		expect([zoeSigned.status, zoeSigned.body.error?.message]).toEqual([200, undefined]);
		const hrLink = (await t.api.get(`/workflows/${workflow.id}`)).body.signers[1].signingUrl;
		const hrSigned = await new SignerClient(hrLink).sign({
			consent: true,
			values: { [field(hr.id)]: { type: 'typed', text: 'ĐTH' }, [salary.id]: { type: 'text', value: '85.000 € brutto' } },
		});
		expect([hrSigned.status, hrSigned.body.error?.message]).toEqual([200, undefined]);
		const done = await until(
			() => t.api.get(`/workflows/${workflow.id}`),
			(response) => response.body.finalization?.status === 'done',
		);
		const signed = await t.api.get(`/workflows/${workflow.id}/files/${done.body.files[0].id}/content?version=signed`);
		const text = pdftotext(signed.bytes);
		expect(text).toContain('85.000 € brutto');
		expect(text).toContain('Jahresgehalt / Annual salary');
		// The tags stay in the text layer under their white cover (README, Text tags); the covering is tested on drafts.
		expect(text).toContain('{{signature;role=Employee}}');
	});
});
