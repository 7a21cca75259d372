import { rmSync } from 'node:fs';
import net from 'node:net';
import type { ParsedMail } from 'mailparser';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { withDatabase } from '../helpers/engine/database';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { startSmtp, type TestSmtp } from '../helpers/engine/smtp';
import { describeOnly } from '../helpers/engine/storeOnly';
import { dropDatabaseOf } from '../helpers/engine/testDatabase';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

/*
 * Several engine processes on one PostgreSQL database share the email outbox: each email is
 * claimed (a short lease, renewed while its sender holds it) before it is sent, so it goes out
 * once; the claim of a process that died runs out and another process sends the email.
 */

const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0].address!;

/** A workflow with one signer per address, all signing in parallel, sent: one invitation each at once. */
async function sendWorkflow(api: ApiClient, name: string, emails: string[]): Promise<string> {
	const workflow = (await api.post('/workflows', { name })).body;
	const file = (await api.upload(workflow.id, 'accord.pdf', fixturePdf('a4-1page.pdf'))).body;
	for (const [index, email] of emails.entries()) {
		const created = await api.post(`/workflows/${workflow.id}/signers`, { name: `Signataire ${index} — Zoë 李`, email, order: 1 });
		expect(created.status).toBe(201);
		const signer = created.body;
		await api.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 + index * 60 });
	}
	expect((await api.post(`/workflows/${workflow.id}/send`)).status).toBe(200);
	return workflow.id as string;
}

/** An SMTP server that accepts connections and never greets: a send to it hangs, its email stays claimed. */
async function startSilentSmtp(): Promise<{ url: string; connected: () => number; close(): Promise<void> }> {
	const sockets = new Set<net.Socket>();
	let connections = 0;
	const server = net.createServer((socket) => {
		connections += 1;
		sockets.add(socket);
		socket.on('error', () => undefined);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `smtp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
		connected: () => connections,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

interface EmailRow {
	id: string;
	status: string;
	claimed_by: string | null;
}

const emailRows = (dataDir: string) => withDatabase(dataDir, (database) => database.all<EmailRow>('select id, status, claimed_by from emails order by id'));

describeOnly('postgres', 'several engine processes share one database only on PostgreSQL; a SQLite file has one')('the email outbox with several engines', () => {
	let smtp: TestSmtp;
	let dataDir: string;
	const engines: TestEngine[] = [];
	const children: EngineProcess[] = [];

	beforeEach(async () => {
		smtp = await startSmtp();
		dataDir = tempDataDir('email-claims');
	});

	afterEach(async () => {
		for (const child of children.splice(0)) {
			if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
			await child.exited;
		}
		for (const engine of engines.splice(0)) await engine.stop();
		await smtp.close();
		await dropDatabaseOf(dataDir);
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('sends each email exactly once when two engines poll the outbox', async () => {
		// Both engines poll every 25 ms: without a claim each would send what the other sends.
		for (let index = 0; index < 2; index += 1)
			engines.push(await startTestEngine({ dataDir, smtpUrl: smtp.url, mailPollIntervalMs: 25, deliveryLeaseMs: 2000 }));
		const addresses: string[] = [];
		await Promise.all(
			Array.from({ length: 12 }, async (_, index) => {
				const emails = [`ana.${index}@example.com`, `bjorn.${index}@example.com`, `yuki.${index}@example.com`];
				addresses.push(...emails);
				// Clients spread over both engines.
				await sendWorkflow(engines[index % 2].api, `Contrat ${index} – Ångström ✍️`, emails);
			}),
		);
		await until(() => emailRows(dataDir), (rows) => rows.length === addresses.length && rows.every((row) => row.status === 'sent'), 30_000);
		// A second send would have come from a pass still running: stopping waits for it.
		for (const engine of engines.splice(0)) await engine.stop();

		expect(smtp.messages.map(to).sort()).toEqual([...addresses].sort());
		expect((await emailRows(dataDir)).every((row) => row.claimed_by === null)).toBe(true);
	}, 60_000);

	it("sends an email claimed by a killed engine once its lease runs out, and not before while it lives", async () => {
		const silent = await startSilentSmtp();
		try {
			const { apiKey } = JSON.parse((await runCli(['org', 'create', '--name', 'Mail Crash – Zoë', '--json', '--data', dataDir])).stdout);
			// This engine claims the invitation and hangs sending it: its claim is renewed while it lives.
			const doomed = await spawnEngine(['--data', dataDir, '--delivery-lease', '1'], { SIGNFLOW_SMTP_URL: silent.url });
			children.push(doomed);
			await sendWorkflow(new ApiClient(doomed.url, apiKey), 'Bail – محمد', ['nadia@example.com']);
			await until(() => silent.connected(), (count) => count >= 1, 20_000);
			const [claimed] = await until(() => emailRows(dataDir), (rows) => rows.length === 1 && rows[0].claimed_by !== null, 10_000);

			// A second engine with a working server: the email is not its while the first renews the claim.
			const rescuer = await startTestEngine({ dataDir, smtpUrl: smtp.url, mailPollIntervalMs: 25, deliveryLeaseMs: 1000 });
			engines.push(rescuer);
			const fourLeasesLater = Date.now() + 4000;
			await until(() => Date.now(), (now) => now >= fourLeasesLater, 10_000);
			expect(smtp.messages).toHaveLength(0);
			expect(await emailRows(dataDir)).toEqual([{ id: claimed.id, status: 'pending', claimed_by: claimed.claimed_by }]);

			doomed.child.kill('SIGKILL');
			await doomed.exited;
			const killedAt = Date.now();
			const [mail] = await smtp.waitFor(1, 15_000);
			const tookMs = Date.now() - killedAt;
			expect(to(mail)).toBe('nadia@example.com');
			await until(() => emailRows(dataDir), (rows) => rows[0].status === 'sent', 10_000);
			// About a lease (1 s) plus a poll; the killed engine's 10-minute claim would not come back at all here.
			expect(tookMs).toBeLessThan(5000);
			expect(smtp.messages).toHaveLength(1);
		} finally {
			await silent.close();
		}
	}, 90_000);
});

describeOnly('sqlite', 'a SQLite file has one engine process: its next start takes back a dead run\'s claims at once')('the email outbox after a crash on SQLite', () => {
	const dataDir = tempDataDir('email-crash');
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('sends the email a killed engine had claimed at the next start, once', async () => {
		const smtp = await startSmtp();
		const silent = await startSilentSmtp();
		let next: TestEngine | null = null;
		try {
			const { apiKey } = JSON.parse((await runCli(['org', 'create', '--name', 'Mail Crash – Zoë', '--json', '--data', dataDir])).stdout);
			const doomed = await spawnEngine(['--data', dataDir], { SIGNFLOW_SMTP_URL: silent.url });
			await sendWorkflow(new ApiClient(doomed.url, apiKey), 'Bail – محمد', ['nadia@example.com']);
			await until(() => silent.connected(), (count) => count >= 1, 20_000);
			doomed.child.kill('SIGKILL');
			await doomed.exited;
			// The default lease (30 s) has not run out: the start drops the dead run's claim itself.
			expect((await emailRows(dataDir)).map((row) => [row.status, row.claimed_by !== null])).toEqual([['pending', true]]);

			next = await startTestEngine({ dataDir, smtpUrl: smtp.url, mailPollIntervalMs: 25 });
			const [mail] = await smtp.waitFor(1, 10_000);
			expect(to(mail)).toBe('nadia@example.com');
			await until(() => emailRows(dataDir), (rows) => rows[0].status === 'sent', 10_000);
			expect(smtp.messages).toHaveLength(1);
		} finally {
			await next?.stop();
			await silent.close();
			await smtp.close();
		}
	}, 60_000);
});
