import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { sqliteRowCounts } from '../helpers/engine/engine';
import { importInto, n8nHome, type N8nHome, type N8nVersion } from '../helpers/n8n/installedN8n';
import { freePort, startN8n, type N8nServer } from '../helpers/n8n/installedServer';
import { until } from '../helpers/waits';

/*
 * Two n8n users in a REAL n8n (`n8n start`; 2.8.4 and 2.41.0): the owner and a member
 * they invite, each with a Signflow credential of their own on the one
 * embedded engine (same data folder). Each runs flows with the action node
 * (webhook-started, so both users' flows run in the server) and has a
 * trigger registered; neither reaches the other's signing workflows, files
 * or events. The credential test goes through n8n's /rest/credentials/test,
 * and the credential is edited as the editor does it (hidden key redacted).
 */

const PDF = path.resolve(__dirname, '../fixtures/pdf/a4-1page.pdf');

type Rest = N8nServer['rest'];
interface User {
	slug: string;
	rest: Rest;
	credential: { id: string; name: string };
	deskId: string;
	triggerId: string;
}

function webhook(name: string, pathName: string, position: [number, number]) {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: pathName, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	};
}

function signflow(name: string, position: [number, number], credential: User['credential'], parameters: object, continueOnFail = false) {
	return {
		id: randomUUID(),
		name,
		type: 'CUSTOM.signflow',
		typeVersion: 1,
		position,
		credentials: { signflowApi: credential },
		parameters,
		...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	};
}

const body = (node: string, field: string) => `={{ $('${node}').item.json.body.${field} }}`;

/** A user's "desk": one webhook per action, each running Signflow nodes with the user's credential. */
function deskFlow(slug: string, credential: User['credential']) {
	const nodes = [
		webhook('W send', `${slug}-send`, [0, 0]),
		signflow('Add Workflow', [200, 0], credential, { resource: 'workflow', operation: 'add', name: body('W send', 'name'), additionalFields: {} }),
		{ id: randomUUID(), name: 'Read PDF', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1, position: [400, 0], parameters: { operation: 'read', fileSelector: PDF, options: {} } },
		signflow('Add File', [600, 0], credential, { resource: 'file', operation: 'add', workflowId: "={{ $('Add Workflow').item.json.id }}", source: 'binary', binaryPropertyName: 'data', fileName: 'offer.pdf' }),
		signflow('Add Signer', [800, 0], credential, { resource: 'signer', operation: 'add', workflowId: "={{ $('Add Workflow').item.json.id }}", name: body('W send', 'signer'), email: 'signer@example.com', role: 'signer', order: 1 }),
		signflow('Add Signature', [1000, 0], credential, {
			resource: 'signature',
			operation: 'add',
			workflowId: "={{ $('Add Workflow').item.json.id }}",
			fileId: "={{ $('Add File').item.json.id }}",
			signerId: "={{ $('Add Signer').item.json.id }}",
			page: 1,
			x: 60,
			y: 80,
			width: 180,
			height: 50,
		}),
		signflow('Send', [1200, 0], credential, { resource: 'workflow', operation: 'send', workflowId: "={{ $('Add Workflow').item.json.id }}", output: 'workflow' }),

		webhook('W list', `${slug}-list`, [0, 200]),
		signflow('List', [200, 200], credential, { resource: 'workflow', operation: 'getAll', returnAll: true, filters: {} }),
		webhook('W get', `${slug}-get`, [0, 400]),
		signflow('Get', [200, 400], credential, { resource: 'workflow', operation: 'get', workflowId: body('W get', 'id') }, true),
		webhook('W signers', `${slug}-signers`, [0, 600]),
		signflow('Signers', [200, 600], credential, { resource: 'signer', operation: 'getAll', workflowId: body('W signers', 'id') }, true),
		webhook('W add file', `${slug}-add-file`, [0, 800]),
		{ id: randomUUID(), name: 'Read PDF 2', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1, position: [200, 800], parameters: { operation: 'read', fileSelector: PDF, options: {} } },
		signflow('Add File 2', [400, 800], credential, { resource: 'file', operation: 'add', workflowId: body('W add file', 'id'), source: 'binary', binaryPropertyName: 'data', fileName: 'smuggled.pdf' }, true),
		// The HTTP Request node with this credential as "predefined credential type" and headers of its own.
		webhook('W raw', `${slug}-raw`, [0, 1000]),
		{
			id: randomUUID(),
			name: 'Raw Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [200, 1000],
			credentials: { signflowApi: credential },
			onError: 'continueRegularOutput',
			parameters: {
				method: 'GET',
				url: body('W raw', 'url'),
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'signflowApi',
				sendHeaders: true,
				headerParameters: {
					parameters: [
						{ name: 'authorization', value: 'Bearer sf_live_crafted' },
						{ name: 'x-organization-id', value: body('W raw', 'organizationId') },
					],
				},
				options: { response: { response: { responseFormat: 'text' } } },
			},
		},
	];
	const chain = (...names: string[]) => Object.fromEntries(names.slice(0, -1).map((name, index) => [name, { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] }]));
	return {
		name: `${slug}'s Signflow desk`,
		nodes,
		connections: {
			...chain('W send', 'Add Workflow', 'Read PDF', 'Add File', 'Add Signer', 'Add Signature', 'Send'),
			...chain('W list', 'List'),
			...chain('W get', 'Get'),
			...chain('W signers', 'Signers'),
			...chain('W add file', 'Read PDF 2', 'Add File 2'),
			...chain('W raw', 'Raw Request'),
		},
		settings: { executionOrder: 'v1' },
	};
}

function triggerFlow(slug: string, credential: User['credential']) {
	return {
		name: `${slug}'s Signflow events`,
		nodes: [
			{ id: randomUUID(), name: 'Signflow Trigger', type: 'CUSTOM.signflowTrigger', typeVersion: 1, position: [0, 0], webhookId: randomUUID(), credentials: { signflowApi: credential }, parameters: { events: ['*'], requestFrom: '', options: {} } },
			{ id: randomUUID(), name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} },
		],
		connections: { 'Signflow Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
	};
}

describe.each<N8nVersion>(['2.8.4', '2.41.0'])('two n8n users, one embedded engine, an organization each (real n8n %s)', (version) => {
	let home: N8nHome;
	let n8n: N8nServer;
	let ann: User;
	let bob: User;
	let dataFolder: string;
	const sent: Record<string, any> = {};

	const desk = async (user: User, action: string, payload: object = {}) => {
		// Publishing may finish after the activation's answer (2.41): the webhook exists once n8n routes it.
		const response = await until(
			() => fetch(`${n8n.url}/webhook/${user.slug}-${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }),
			(answer) => answer.status !== 404,
			30_000,
		);
		const text = await response.text();
		if (!response.ok) throw new Error(`${user.slug}-${action} answered ${response.status}: ${text}\n${n8n.log().slice(-3000)}`);
		return JSON.parse(text) as any[];
	};
	const credentialTest = async (user: User, data?: object) => {
		const stored = (await user.rest('GET', `/credentials/${user.credential.id}?includeData=true`)).body.data;
		const tested = await user.rest('POST', '/credentials/test', { credentials: { id: stored.id, name: stored.name, type: stored.type, data: data ?? stored.data } });
		return tested.body.data as { status: string; message: string };
	};
	/** What the user's trigger started flows with, from n8n's executions. */
	const triggered = async (user: User) => {
		const list = await n8n.api('GET', `/executions?workflowId=${user.triggerId}&includeData=true&limit=250`);
		return (list.body.data as Array<{ data: any }>)
			.map((execution) => execution.data?.resultData?.runData?.['Signflow Trigger']?.[0]?.data?.main?.[0]?.[0]?.json)
			.filter(Boolean) as Array<{ event: string; data: { organizationId: string; workflowId?: string } }>;
	};

	async function setUp(slug: string, rest: Rest, organizationName: string): Promise<User> {
		const created = await rest('POST', '/credentials', {
			name: `${slug}'s Signflow`,
			type: 'signflowApi',
			data: { mode: 'embedded', organizationName, dataFolder, port: 0, host: '127.0.0.1', publicUrl: '', email: 'none' },
		});
		expect(created.status).toBe(200);
		const credential = { id: created.body.data.id as string, name: created.body.data.name as string };
		const deskId = (await rest('POST', '/workflows', { ...deskFlow(slug, credential), active: false })).body.data.id as string;
		const triggerId = (await rest('POST', '/workflows', { ...triggerFlow(slug, credential), active: false })).body.data.id as string;
		return { slug, rest, credential, deskId, triggerId };
	}

	beforeAll(async () => {
		home = n8nHome({ version });
		dataFolder = path.join(home.folder, 'signflow');
		n8n = await startN8n(home);
		const member = await n8n.addMember('bob@example.com', 'Member-E2E-passw0rd');
		ann = await setUp('ann', n8n.rest, 'Ann’s Bäckerei');
		bob = await setUp('bob', member.rest, 'Bob 東京 株式会社');
	}, 360_000);

	afterAll(async () => {
		await n8n?.stop();
		home?.remove();
	});

	it("tests each credential through n8n: the first test makes the credential's organization and warns that loopback links reach no signer", async () => {
		for (const user of [ann, bob]) {
			const result = await credentialTest(user);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/^Connected, but signers elsewhere cannot open the links it sends: they start with http:\/\/127\.0\.0\.1:\d+\/sign\/, and it is a loopback address/);
			// n8n stored the key in the credential, and shows it to nobody: the editor gets it redacted.
			const stored = (await user.rest('GET', `/credentials/${user.credential.id}?includeData=true`)).body.data;
			expect(stored.data.embeddedApiKey).toMatch(/^__n8n_BLANK_VALUE_/);
		}
	}, 60_000);

	it('leaves no organization behind for a credential n8n could not save (a test without id)', async () => {
		const organizations = () => sqliteRowCounts(dataFolder).organizations;
		const before = organizations();
		// 2.8.4 takes a credential without id; 2.41 tests one with id '' for the owner (an "instance" credential).
		const unsaved = await ann.rest('POST', '/credentials/test', {
			credentials: {
				...(version === '2.8.4' ? {} : { id: '' }),
				name: 'Unsaved',
				type: 'signflowApi',
				data: { mode: 'embedded', organizationName: 'Unsaved', dataFolder, port: 0, host: '127.0.0.1', publicUrl: '', email: 'none' },
			},
		});
		// n8n runs the test, then cannot store the key preAuthentication answered.
		expect(unsaved.body.data).toEqual({ status: 'Error', message: 'Found credential with no ID.' });
		expect(organizations()).toBe(before);
	}, 60_000);

	it('runs both users\' flows on their own organizations, and registers each trigger there', async () => {
		for (const user of [ann, bob]) {
			for (const id of [user.deskId, user.triggerId]) expect((await n8n.api('POST', `/workflows/${id}/activate`)).status).toBe(200);
		}
		// The triggers must be registered before the events they are to receive happen.
		for (const user of [ann, bob])
			if (version !== '2.8.4') expect(await n8n.published(user.triggerId)).toMatchObject({ triggers: [{ status: 'activated' }] });
		sent.ann = (await desk(ann, 'send', { name: 'Ann’s offer', signer: 'Zoë Müller' }))[0];
		sent.bob = (await desk(bob, 'send', { name: 'Bob’s offer', signer: '山田 太郎' }))[0];
		for (const [user, name] of [
			['ann', 'Ann’s offer'],
			['bob', 'Bob’s offer'],
		] as const) {
			expect(sent[user]).toMatchObject({ name, status: 'sent', files: [{ name: 'offer.pdf' }] });
			expect(sent[user].warnings).toEqual([expect.stringContaining('it is a loopback address')]);
		}
		expect((await desk(ann, 'list')).map((workflow) => workflow.name)).toEqual(['Ann’s offer']);
		expect((await desk(bob, 'list')).map((workflow) => workflow.name)).toEqual(['Bob’s offer']);
	}, 120_000);

	it("answers the engine's 404 for the other user's workflow, signers and files, whatever the node", async () => {
		const notFound = 'No workflow with this id exists in your organization.';
		for (const [user, other] of [
			[bob, sent.ann],
			[ann, sent.bob],
		] as const) {
			expect((await desk(user, 'get', { id: other.id }))[0]).toMatchObject({ error: notFound });
			expect((await desk(user, 'signers', { id: other.id }))[0]).toMatchObject({ error: notFound });
			expect((await desk(user, 'add-file', { id: other.id }))[0]).toMatchObject({ error: notFound });
		}
		// Each one's own ids still work.
		expect((await desk(ann, 'get', { id: sent.ann.id }))[0]).toMatchObject({ id: sent.ann.id, signers: [{ name: 'Zoë Müller' }] });

		// The HTTP Request node with Bob's credential and headers of its own (an Authorization and Ann's organization id) gets nothing of Ann's.
		const engineUrl = new URL(sent.ann.signingLinks[0].signingUrl).origin;
		const fileUrl = `${engineUrl}/api/v1/workflows/${sent.ann.id}/files/${sent.ann.files[0].id}/content`;
		const annOrganization = (await triggered(ann)).find((event) => event.data.workflowId === sent.ann.id)?.data.organizationId;
		const raw = (await desk(bob, 'raw', { url: fileUrl, organizationId: annOrganization ?? 'unknown' }))[0];
		expect(raw.error).toMatchObject({ name: 'NodeApiError', message: 'The resource you are requesting could not be found', description: 'No workflow with this id exists in your organization.' });
		expect(JSON.stringify(raw)).not.toContain('%PDF');
		const own = (await desk(ann, 'raw', { url: fileUrl, organizationId: '' }))[0];
		expect(own.data).toMatch(/^%PDF-/);
	}, 120_000);

	it("starts each user's trigger with their own events only", async () => {
		const [annEvents, bobEvents] = await Promise.all(
			[ann, bob].map((user) =>
				until(
					() => triggered(user),
					(events) => events.some((event) => event.event === 'workflow.sent' && event.data.workflowId === sent[user.slug].id),
					30_000,
				),
			),
		);
		expect(annEvents.some((event) => event.event === 'workflow.sent' && event.data.workflowId === sent.ann.id)).toBe(true);
		expect(bobEvents.some((event) => event.event === 'workflow.sent' && event.data.workflowId === sent.bob.id)).toBe(true);
		expect(annEvents.filter((event) => event.data.workflowId === sent.bob.id)).toEqual([]);
		expect(bobEvents.filter((event) => event.data.workflowId === sent.ann.id)).toEqual([]);
		expect(new Set(annEvents.map((event) => event.data.organizationId)).size).toBe(1);
		expect(annEvents[0].data.organizationId).not.toBe(bobEvents[0].data.organizationId);
	}, 60_000);

	it('keeps the organization through edits and tests in the editor (the hidden key comes back redacted), and renames it', async () => {
		const stored = (await ann.rest('GET', `/credentials/${ann.credential.id}?includeData=true`)).body.data;
		const edited = { ...stored.data, organizationName: 'Ann & Co' };
		const saved = await ann.rest('PATCH', `/credentials/${ann.credential.id}`, { name: stored.name, type: stored.type, data: edited });
		expect(saved.status).toBe(200);
		expect((await credentialTest(ann, edited)).message).toContain('loopback');
		expect((await desk(ann, 'list')).map((workflow) => workflow.name)).toEqual(['Ann’s offer']);
		const page = await (await fetch(sent.ann.signingLinks[0].signingUrl)).text();
		expect(page).toContain('Ann &amp; Co');
	}, 60_000);

	it('applies a new Public URL without restarting n8n, and tells the other credential whose settings run', async () => {
		const stored = (await ann.rest('GET', `/credentials/${ann.credential.id}?includeData=true`)).body.data;
		const edited = { ...stored.data, publicUrl: 'https://sign.example.com' };
		expect((await ann.rest('PATCH', `/credentials/${ann.credential.id}`, { name: stored.name, type: stored.type, data: edited })).status).toBe(200);
		expect(await credentialTest(ann)).toEqual({ status: 'OK', message: 'Connection successful!' });
		const again = (await desk(ann, 'send', { name: 'Behind the proxy', signer: 'Zoë Müller' }))[0];
		expect(again.signingLinks[0].signingUrl).toMatch(/^https:\/\/sign\.example\.com\/sign\//);
		expect(again.warnings).toEqual([]);

		const bobTest = await credentialTest(bob);
		expect(bobTest.status).toBe('Error');
		expect(bobTest.message).toContain('runs with the settings another Signflow credential set last');
		expect(bobTest.message).toContain('signing links at https://sign.example.com/sign/');
		expect((await desk(bob, 'list')).map((workflow) => workflow.name)).toEqual(['Bob’s offer']);
	}, 90_000);
});

describe('n8n queue mode (real n8n 2.8.4)', () => {
	it('refuses the embedded engine in a node run, saying to use a remote engine', async () => {
		// Its own task-broker port: another n8n may run beside it.
		const home = n8nHome({ env: { EXECUTIONS_MODE: 'queue', N8N_RUNNERS_BROKER_PORT: String(await freePort()) } });
		try {
			await importInto(home, [{ id: 'queueCred', name: 'Signflow', type: 'signflowApi', data: { mode: 'embedded', organizationName: 'Queue Co', dataFolder: path.join(home.folder, 'signflow'), port: 0 } }], {
				id: 'signflowQueue1',
				name: 'List in queue mode',
				active: false,
				settings: {},
				nodes: [
					{ id: 'q1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{ id: 'q2', name: 'List', type: 'CUSTOM.signflow', typeVersion: 1, position: [200, 0], credentials: { signflowApi: { id: 'queueCred', name: 'Signflow' } }, parameters: { resource: 'workflow', operation: 'getAll', returnAll: true, filters: {} } },
				],
				connections: { Start: { main: [[{ node: 'List', type: 'main', index: 0 }]] } },
			});
			const result = await home.run(['execute', '--id=signflowQueue1', '--rawOutput']);
			expect(result.code).not.toBe(0);
			expect(result.stdout).toContain(
				'NodeApiError: The embedded Signflow engine cannot run in n8n queue mode (EXECUTIONS_MODE=queue): every worker would start its own engine with its own data. Run one engine for all of them with "signflow serve"',
			);
		} finally {
			home.remove();
		}
	}, 120_000);
});
