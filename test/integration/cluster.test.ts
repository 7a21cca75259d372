import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { ApiClient, type ApiResponse } from '../helpers/engine/apiClient';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { tempDataDir } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { SignerClient, PNG_1PX } from '../helpers/engine/signerClient';
import { describeOnly } from '../helpers/engine/storeOnly';
import { databaseUrlFor, dropDatabaseOf } from '../helpers/engine/testDatabase';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { signatureCertificates } from '../helpers/pdf/pdfTools';
import { eventually } from '../helpers/waits';

/*
 * Issue 14's cluster: three `signflow serve` processes on one PostgreSQL database, nothing shared but
 * the database and the master key (each has its own data folder), clients spread over them request by
 * request as a load balancer without sticky sessions would. 200 envelopes signed to completion and
 * more than 5,000 events; one process is killed (SIGKILL) half-way. Afterwards every event has been
 * delivered at least once under one webhook-id, every envelope was completed and sealed once, with one
 * certificate, no transition was applied twice, and every file reads the same from every process
 * (the killed one restarted).
 */
const ENVELOPES = 200;
const CONCURRENCY = 8;
const FILLER_WORKFLOWS = 2600;
const MIN_EVENTS = 5000;
const SIGNERS = [
	{ name: 'Zoë Ångström-Nguyễn', email: 'zoe@example.com' },
	{ name: 'محمد الأحمد', email: 'mohammed@example.com' },
];

/** A process's requests fail with a network error once it is killed: the client turns to the next. */
class Cluster {
	readonly dead = new Set<number>();
	private next = 0;

	constructor(
		readonly engines: EngineProcess[],
		private readonly apiKey: string,
	) {}

	/** The next live process, in turn. */
	private pick(): number {
		for (let tries = 0; tries < this.engines.length * 2; tries++) {
			const index = this.next++ % this.engines.length;
			if (!this.dead.has(index)) return index;
		}
		throw new Error('no engine process is alive');
	}

	/**
	 * Runs a request on the next live process. When that process dies under it, whether the request
	 * took effect is unknown: `applied()` asks the survivors, and the request is sent again only if not.
	 */
	async once<T>(request: (api: ApiClient) => Promise<ApiResponse<T>>, applied?: (api: ApiClient) => Promise<ApiResponse<T> | null>): Promise<ApiResponse<T>> {
		for (;;) {
			const index = this.pick();
			try {
				return await request(new ApiClient(this.engines[index].url, this.apiKey));
			} catch (error) {
				if (!this.dead.has(index)) throw error;
				const earlier = applied ? await applied(this.api()) : null;
				if (earlier) return earlier;
			}
		}
	}

	/** A client of one live process, for the checks once every process that will die has died. */
	api(): ApiClient {
		return new ApiClient(this.engines[this.pick()].url, this.apiKey);
	}

	/** A signer's browser reaching the next live process (cookies kept across processes). */
	signer(link: string): { call<T>(act: (client: SignerClient) => Promise<ApiResponse<T>>): Promise<ApiResponse<T>> } {
		const { pathname } = new URL(link);
		const clients = this.engines.map((engine) => new SignerClient(engine.url + pathname));
		let cookie: string | null = null;
		return {
			call: async (act) => {
				for (;;) {
					const index = this.pick();
					const client = clients[index] as unknown as { cookie: string | null };
					client.cookie = cookie;
					try {
						const response = await act(clients[index]);
						cookie = client.cookie;
						return response;
					} catch (error) {
						if (!this.dead.has(index)) throw error;
					}
				}
			},
		};
	}
}

const expectStatus = <T>(response: ApiResponse<T>, status: number) => {
	if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${response.bytes.toString('utf8').slice(0, 300)}`);
	return response;
};

async function runEnvelope(cluster: Cluster, index: number): Promise<string> {
	const name = `Arbeitsvertrag ${index} – Zoë Ångström ✍️`;
	const workflow = await cluster.once(
		(api) => api.post('/workflows', { name, metadata: { envelope: String(index) } }),
		async (api) => {
			const found = (await api.get(`/workflows?q=${encodeURIComponent(name)}`)).body.data.find((w: { name: string }) => w.name === name);
			return found ? { status: 201, body: found, headers: new Headers(), bytes: Buffer.alloc(0) } : null;
		},
	);
	const id = expectStatus(workflow, 201).body.id as string;
	const detail = (api: ApiClient) => api.get(`/workflows/${id}`);
	const present = <T>(pick: (body: any) => T | undefined) => async (api: ApiClient) => {
		const found = pick((await detail(api)).body);
		return found === undefined ? null : ({ status: 201, body: found, headers: new Headers(), bytes: Buffer.alloc(0) } as ApiResponse);
	};
	const file = expectStatus(
		await cluster.once((api) => api.upload(id, 'Vertrag – Grüße.pdf', fixturePdf('a4-1page.pdf')), present((body) => body.files[0])),
		201,
	).body;
	for (const [at, person] of SIGNERS.entries()) {
		const signer = expectStatus(
			await cluster.once(
				(api) => api.post(`/workflows/${id}/signers`, person),
				present((body) => body.signers.find((s: { email: string }) => s.email === person.email)),
			),
			201,
		).body;
		expectStatus(
			await cluster.once(
				(api) => api.post(`/workflows/${id}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 60 + at * 250, y: 90 }),
				present((body) => body.signatures.find((f: { signerId: string }) => f.signerId === signer.id)),
			),
			201,
		);
	}
	const sent = await cluster.once(
		(api) => api.post(`/workflows/${id}/send`),
		async (api) => {
			const now = await detail(api);
			return now.body.status === 'draft' ? null : { ...now, status: 200 };
		},
	);
	// A send applied by a process killed before it answered carries no links: reissued ones come from a resend.
	const signers = expectStatus(sent, 200).body.signers as Array<{ id: string; signingUrl?: string }>;
	const fields = (await cluster.once(detail)).body.signatures as Array<{ id: string; signerId: string }>;
	for (const signer of signers) {
		// Sent again if its process dies: the link of the last answer is the one that works.
		const link = signer.signingUrl ?? (await cluster.once((api) => api.post(`/workflows/${id}/signers/${signer.id}/reissue`))).body.signingUrl;
		const browser = cluster.signer(link);
		expectStatus(await browser.call((client) => client.session()), 200);
		const field = fields.find((f) => f.signerId === signer.id)!;
		const signed = await browser.call((client) => client.sign({ consent: true, values: { [field.id]: { type: 'drawn', pngBase64: PNG_1PX } } }));
		// Sent again after its process died: the first may have been applied.
		if (signed.status === 409) expect(signed.body.error.code).toMatch(/signer_already_acted|workflow_not_sent/);
		else expectStatus(signed, 200);
	}
	return id;
}

async function allEvents(api: ApiClient): Promise<Array<{ id: string; type: string; workflowId: string | null }>> {
	const events = [];
	let cursor = '';
	for (;;) {
		const page = await api.get(`/events?limit=500${cursor ? `&after=${cursor}` : ''}`);
		events.push(...page.body.data);
		cursor = page.body.nextCursor;
		if (!page.body.hasMore) return events;
	}
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describeOnly('postgres', 'a cluster shares one PostgreSQL database')('three engine processes on one PostgreSQL database', () => {
	const dataDirs = [tempDataDir('cluster-a'), tempDataDir('cluster-b'), tempDataDir('cluster-c')];
	let databaseUrl: string;
	let engines: EngineProcess[] = [];
	let receiver: Receiver;
	const env = {
		SIGNFLOW_MASTER_KEY: randomBytes(32).toString('hex'),
		SIGNFLOW_ALLOW_PRIVATE_WEBHOOKS: '1',
		SIGNFLOW_RATE_LIMIT_API: '0',
		SIGNFLOW_RATE_LIMIT_SIGNING_IP: '0',
		SIGNFLOW_RATE_LIMIT_SIGNING_TOKEN: '0',
		SIGNFLOW_FINALIZE_LEASE_S: '3',
		SIGNFLOW_DELIVERY_LEASE_S: '3',
		SIGNFLOW_FINALIZE_WORKERS: '1',
	};
	const start = (index: number) => spawnEngine(['--data', dataDirs[index], '--database-url', databaseUrl], env);

	beforeAll(async () => {
		databaseUrl = (await databaseUrlFor(dataDirs[0]))!;
		receiver = await startReceiver();
	});
	afterAll(async () => {
		for (const engine of engines) if (engine.child.exitCode === null && engine.child.signalCode === null) engine.child.kill('SIGTERM');
		await Promise.all(engines.map((engine) => engine.exited));
		await receiver?.close();
		await dropDatabaseOf(dataDirs[0]);
		for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
	});

	it('signs 200 envelopes and delivers over 5,000 events with one process killed half-way', async () => {
		const created = await runCli(['org', 'create', '--name', 'Cluster GmbH – クラスタ', '--json', '--data', dataDirs[0], '--database-url', databaseUrl], env);
		const { apiKey } = JSON.parse(created.stdout);
		engines = await Promise.all([0, 1, 2].map(start));
		const cluster = new Cluster(engines, apiKey);
		expectStatus(await cluster.api().post('/webhooks', { name: 'Everything – 全部', url: receiver.url, events: ['*'], auth: { type: 'none' } }), 201);

		let nextEnvelope = 0;
		const completedEnvelopes: string[] = [];
		const envelopeClient = async () => {
			while (nextEnvelope < ENVELOPES) completedEnvelopes.push(await runEnvelope(cluster, nextEnvelope++));
		};
		let nextFiller = 0;
		const fillerClient = async () => {
			while (nextFiller < FILLER_WORKFLOWS) {
				const name = `Filler ${nextFiller++} – Ünïcödé`;
				expectStatus(
					await cluster.once(
						(api) => api.post('/workflows', { name }),
						async (api) => {
							const found = (await api.get(`/workflows?q=${encodeURIComponent(name)}`)).body.data.find((w: { name: string }) => w.name === name);
							return found ? { status: 201, body: found, headers: new Headers(), bytes: Buffer.alloc(0) } : null;
						},
					),
					201,
				);
			}
		};
		const killer = (async () => {
			await eventually(() => completedEnvelopes.length, (count) => count >= ENVELOPES / 2, 600_000);
			cluster.dead.add(1);
			engines[1].child.kill('SIGKILL');
			await engines[1].exited;
		})();
		await Promise.all([killer, ...Array.from({ length: CONCURRENCY }, envelopeClient), ...Array.from({ length: 4 }, fillerClient)]);
		expect(completedEnvelopes).toHaveLength(ENVELOPES);

		// Every envelope completed and sealed once, its transitions each applied once.
		const api = cluster.api();
		const survivors = [0, 2].map((index) => new ApiClient(engines[index].url, apiKey));
		const fingerprints = new Set<string>();
		for (const id of completedEnvelopes) {
			const sealed = await eventually(() => api.get(`/workflows/${id}`), (response) => Boolean(response.body.files[0]?.signedSha256), 300_000);
			expect(sealed.body.status).toBe('completed');
			const audit = (await api.get(`/workflows/${id}/audit`)).body;
			expect(audit.chain.intact).toBe(true);
			const types: string[] = audit.events.map((event: { type: string }) => event.type);
			expect(types.filter((type) => type === 'workflow.sent')).toHaveLength(1);
			expect(types.filter((type) => type === 'signer.signed')).toHaveLength(2);
			expect(types.filter((type) => type === 'workflow.completed')).toHaveLength(1);
			// Files read the same through every live process.
			const fileId = sealed.body.files[0].id;
			const signed = await Promise.all(survivors.map((client) => client.get(`/workflows/${id}/files/${fileId}/content?version=signed`)));
			for (const response of signed) expect(sha256(expectStatus(response, 200).bytes)).toBe(sealed.body.files[0].signedSha256);
			fingerprints.add(signatureCertificates(signed[0].bytes)[0].fingerprint256);
		}
		expect(fingerprints.size).toBe(1);

		// Every event stored was delivered at least once, each under one webhook-id.
		const events = await allEvents(api);
		expect(events.length).toBeGreaterThanOrEqual(MIN_EVENTS);
		const arrived = () => new Set(receiver.received.map((request) => request.body.data.eventId as string));
		await eventually(() => arrived().size, (size) => size >= events.length, 300_000);
		expect([...arrived()].sort()).toEqual(events.map((event) => event.id).sort());
		const webhookIds = new Map<string, Set<string>>();
		for (const request of receiver.received) {
			const ids = webhookIds.get(request.body.data.eventId) ?? new Set<string>();
			ids.add(String(request.headers['webhook-id']));
			webhookIds.set(request.body.data.eventId, ids);
		}
		expect([...webhookIds.values()].filter((ids) => ids.size !== 1)).toEqual([]);
		const completions = receiver.received.filter((request) => request.body.event === 'workflow.completed');
		expect(new Set(completions.map((request) => request.body.data.workflowId)).size).toBe(ENVELOPES);

		// The killed process, started again on its own data folder, reads every file too.
		engines[1] = await start(1);
		const restarted = new ApiClient(engines[1].url, apiKey);
		for (const id of completedEnvelopes.slice(0, 20)) {
			const detail = (await restarted.get(`/workflows/${id}`)).body;
			const original = expectStatus(await restarted.get(`/workflows/${id}/files/${detail.files[0].id}/content`), 200);
			expect(sha256(original.bytes)).toBe(detail.files[0].sha256);
		}
		console.log(
			`cluster: ${ENVELOPES} envelopes, ${events.length} events, ${receiver.received.length} deliveries received ` +
				`(${receiver.received.length - arrived().size} repeated under their webhook-id)`,
		);
	}, 40 * 60_000);
});
