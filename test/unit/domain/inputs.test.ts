import { AddAnnotationInput, AddSignatureInput, AddSignerInput, CreateWorkflowInput } from '../../../engine/domain';

const FILE = '7b0f4a3e-8f1e-4a57-9d55-4f6c1c0a2b11';
const SIGNER = '1c9d3b2a-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const PNG_1PX =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const messages = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
	result.error?.issues.map((issue) => issue.message).join(' | ');

describe('CreateWorkflowInput', () => {
	it('defaults the time zone and metadata', () => {
		expect(CreateWorkflowInput.parse({ name: ' Offer ' })).toEqual({ name: 'Offer', timeZone: 'UTC', metadata: {} });
	});

	it('refuses unknown fields, so typos do not pass silently', () => {
		expect(CreateWorkflowInput.safeParse({ name: 'Offer', expiresIn: 'P1D' }).success).toBe(false);
	});

	it('refuses bad time zones, dates and oversized metadata', () => {
		expect(CreateWorkflowInput.safeParse({ name: 'x', timeZone: 'Mars/Olympus' }).success).toBe(false);
		expect(CreateWorkflowInput.safeParse({ name: 'x', expiresAt: 'tomorrow' }).success).toBe(false);
		expect(CreateWorkflowInput.safeParse({ name: 'x', metadata: { blob: 'x'.repeat(17000) } }).success).toBe(false);
		expect(CreateWorkflowInput.safeParse({ name: '' }).success).toBe(false);
	});
});

describe('AddSignerInput', () => {
	it('defaults role signer and order 1', () => {
		expect(AddSignerInput.parse({ name: 'Ann', email: 'ann@example.com' })).toMatchObject({ role: 'signer', order: 1 });
	});

	it('refuses a bad email, role or order', () => {
		expect(AddSignerInput.safeParse({ name: 'Ann', email: 'ann' }).success).toBe(false);
		expect(AddSignerInput.safeParse({ name: 'Ann', email: 'a@b.co', role: 'witness' }).success).toBe(false);
		expect(AddSignerInput.safeParse({ name: 'Ann', email: 'a@b.co', order: 0 }).success).toBe(false);
		expect(AddSignerInput.safeParse({ name: 'Ann', email: 'a@b.co', order: 1.5 }).success).toBe(false);
	});
});

describe('AddSignatureInput', () => {
	it('sizes the box by kind when width and height are left out', () => {
		expect(AddSignatureInput.parse({ fileId: FILE, signerId: SIGNER, page: 1, x: 10, y: 10 })).toMatchObject({ width: 180, height: 50 });
		expect(AddSignatureInput.parse({ fileId: FILE, signerId: SIGNER, page: 1, x: 10, y: 10, kind: 'initials' })).toMatchObject({
			width: 60,
			height: 40,
		});
	});

	it('refuses negative positions and empty boxes', () => {
		expect(AddSignatureInput.safeParse({ fileId: FILE, signerId: SIGNER, page: 1, x: -1, y: 10 }).success).toBe(false);
		expect(AddSignatureInput.safeParse({ fileId: FILE, signerId: SIGNER, page: 1, x: 1, y: 1, width: 0 }).success).toBe(false);
	});
});

describe('AddAnnotationInput', () => {
	const base = { fileId: FILE, page: 1, x: 10, y: 10 };

	it('takes fixed content of every type', () => {
		expect(AddAnnotationInput.safeParse({ ...base, type: 'text', value: 'Employee no. 42' }).success).toBe(true);
		expect(AddAnnotationInput.safeParse({ ...base, type: 'date', value: '2026-12-01' }).success).toBe(true);
		expect(AddAnnotationInput.safeParse({ ...base, type: 'checkbox', value: true }).success).toBe(true);
		expect(AddAnnotationInput.safeParse({ ...base, type: 'image', value: PNG_1PX }).success).toBe(true);
	});

	it('takes a field a signer fills in', () => {
		expect(AddAnnotationInput.parse({ ...base, type: 'date', signerId: SIGNER })).toMatchObject({ required: true, width: 100 });
	});

	it('wants exactly one of value and signerId', () => {
		expect(messages(AddAnnotationInput.safeParse({ ...base, type: 'text' }))).toMatch(/either value .* or signerId/);
		expect(AddAnnotationInput.safeParse({ ...base, type: 'text', value: 'x', signerId: SIGNER }).success).toBe(false);
	});

	it('checks that a fixed value fits its type', () => {
		expect(AddAnnotationInput.safeParse({ ...base, type: 'date', value: '31/12/2026' }).success).toBe(false);
		expect(AddAnnotationInput.safeParse({ ...base, type: 'checkbox', value: 'yes' }).success).toBe(false);
		expect(AddAnnotationInput.safeParse({ ...base, type: 'text', value: '  ' }).success).toBe(false);
		expect(AddAnnotationInput.safeParse({ ...base, type: 'image', value: 'not base64!' }).success).toBe(false);
	});

	it('refuses image fields for signers', () => {
		expect(messages(AddAnnotationInput.safeParse({ ...base, type: 'image', signerId: SIGNER }))).toMatch(/image fields/);
	});
});
