import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import net from 'node:net';
import type { N8nHome } from './installedN8n';

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

// n8n binds its session cookie to the browser that logged in.
const BROWSER_ID = 'signflow-e2e-browser';

async function call(url: string, method: string, headers: Record<string, string>, body?: unknown) {
	const response = await fetch(url, {
		method,
		headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
		body: body ? JSON.stringify(body) : undefined,
	});
	const text = await response.text();
	let parsed: unknown = null;
	try {
		parsed = text ? JSON.parse(text) : null;
	} catch {
		parsed = text;
	}
	return { status: response.status, body: parsed as any };
}

export interface N8nServer {
	url: string;
	apiKey: string;
	/** The public API (X-N8N-API-KEY). */
	api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
	/** The editor's internal API (/rest, the owner's session cookie): what a click in the editor calls. */
	rest: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;
	/**
	 * The editor's "Listen for test event" on a trigger node: answers `{ data: { waitingForWebhook: true } }`
	 * once n8n registered the node's test webhook. The 2.8.4 editor sends the workflow it holds
	 * with the request; 2.41 reads it from its database and takes only the trigger's name.
	 */
	listenForTestEvent(workflowId: string, triggerName: string): Promise<{ status: number; body: any }>;
	/**
	 * Waits until an activated flow's triggers are live. n8n 2.8.4 activates before it answers;
	 * 2.41 publishes in the background, and events made before it finished reach no trigger.
	 * Answers the publication status (null on 2.8.4).
	 */
	published(workflowId: string): Promise<{ status: string; triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }> } | null>;
	/** Invites a member (the owner's /rest/invitations), who accepts; answers the member's /rest API (their session cookie). */
	addMember(email: string, password: string): Promise<{ id: string; rest: N8nServer['rest'] }>;
	/** The process id of `n8n start` (benchmarks read its CPU time). */
	pid: number;
	/** What n8n printed so far. */
	log(): string;
	stop(): Promise<void>;
}

/** The owner startN8n sets up: who the API calls act as, and who signs in to the editor. */
export const N8N_OWNER = { email: 'owner@example.com', firstName: 'Owner', lastName: 'E2E', password: 'Signflow-E2E-passw0rd' };

/**
 * `n8n start` on loopback with its own user folder; the owner is set up, a
 * public-API key made (the commands ENVIRONMENT.md lists).
 */
export async function startN8n(home: N8nHome): Promise<N8nServer> {
	// Ports are picked free, then bound by n8n a moment later: another process on a busy machine
	// can take one in between. n8n then stops at once saying so, and a new pair is tried.
	for (let attempt = 1; ; attempt++) {
		try {
			return await finishSetup(home, await launch(home));
		} catch (error) {
			if (attempt >= 3 || !(error instanceof PortTaken)) throw error;
		}
	}
}

class PortTaken extends Error {}

interface Launched {
	child: ChildProcessWithoutNullStreams;
	url: string;
	exited: Promise<void>;
	log: () => string;
}

async function launch(home: N8nHome): Promise<Launched> {
	const port = await freePort();
	const brokerPort = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const child: ChildProcessWithoutNullStreams = spawn(home.install.node, [home.install.bin, 'start'], {
		cwd: home.folder,
		env: {
			...home.env,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(port),
			WEBHOOK_URL: `${url}/`,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_SECURE_COOKIE: 'false',
		},
	});
	let log = '';
	child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

	// n8n migrates a new database and loads every node first: minutes on a loaded machine.
	const deadline = Date.now() + 240_000;
	for (;;) {
		const ready = await fetch(`${url}/rest/settings`)
			.then(async (response) => response.ok && (await response.text()).includes('"data"'))
			.catch(() => false);
		if (ready) return { child, url, exited, log: () => log };
		if (child.exitCode !== null && /already in use|EADDRINUSE/i.test(log)) throw new PortTaken(log.slice(-1000));
		if (Date.now() > deadline || child.exitCode !== null) {
			child.kill('SIGKILL');
			throw new Error(`n8n did not start: ${log.slice(-3000)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
}

async function finishSetup(home: N8nHome, { child, url, exited, log: output }: Launched): Promise<N8nServer> {
	const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	await fetch(`${url}/rest/owner/setup`, json(N8N_OWNER));
	const login = await fetch(`${url}/rest/login`, {
		...json({ emailOrLdapLoginId: N8N_OWNER.email, password: N8N_OWNER.password }),
		headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
	});
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	const created = await fetch(`${url}/rest/api-keys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie, 'browser-id': BROWSER_ID },
		body: JSON.stringify({
			label: 'signflow-e2e',
			scopes: ['workflow:read', 'workflow:list', 'workflow:activate', 'workflow:deactivate', 'execution:read', 'execution:list'],
			expiresAt: null,
		}),
	});
	const key = ((await created.json()) as { data: { rawApiKey?: string; apiKey?: string } }).data;
	const apiKey = key.rawApiKey ?? key.apiKey!;
	const rest: N8nServer['rest'] = (method, path, body) => call(`${url}/rest${path}`, method, { cookie, 'browser-id': BROWSER_ID }, body);
	return {
		url,
		apiKey,
		api: (method, path, body) => call(`${url}/api/v1${path}`, method, { 'X-N8N-API-KEY': apiKey }, body),
		rest,
		async published(workflowId) {
			if (home.install.version === '2.8.4') return null;
			const deadline = Date.now() + 120_000;
			for (;;) {
				const status = (await rest('GET', `/workflows/${workflowId}/publication-status`)).body?.data;
				if ((status && !['in_progress', 'not_published'].includes(status.status)) || Date.now() > deadline) return status ?? null;
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
		},
		async listenForTestEvent(workflowId, triggerName) {
			const triggerToStartFrom = { name: triggerName };
			if (home.install.version !== '2.8.4') return rest('POST', `/workflows/${workflowId}/run`, { triggerToStartFrom });
			const workflowData = (await rest('GET', `/workflows/${workflowId}`)).body.data;
			return rest('POST', `/workflows/${workflowId}/run`, { workflowData, triggerToStartFrom });
		},
		async addMember(email, password) {
			const invited = await call(`${url}/rest/invitations`, 'POST', { cookie, 'browser-id': BROWSER_ID }, [{ email, role: 'global:member' }]);
			const user = invited.body?.data?.[0]?.user as { id: string; inviteAcceptUrl: string } | undefined;
			if (!user) throw new Error(`n8n did not invite ${email}: ${JSON.stringify(invited.body)}`);
			const link = new URL(user.inviteAcceptUrl);
			const token = link.searchParams.get('token');
			const accepted = await fetch(`${url}/rest/invitations/${token ? 'accept' : `${user.id}/accept`}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
				body: JSON.stringify({ ...(token ? { token } : { inviterId: link.searchParams.get('inviterId') }), firstName: 'Member', lastName: 'E2E', password }),
			});
			if (!accepted.ok) throw new Error(`${email} could not accept the invitation: ${await accepted.text()}`);
			const memberCookie = (accepted.headers.get('set-cookie') ?? '').split(';')[0];
			return { id: user.id, rest: (method, path, body) => call(`${url}/rest${path}`, method, { cookie: memberCookie, 'browser-id': BROWSER_ID }, body) };
		},
		pid: child.pid!,
		log: output,
		stop: () => stopN8nProcess(child, exited),
	};
}

/** SIGTERM (n8n shuts down gracefully), SIGKILL if it is still there after 15 s. */
export async function stopN8nProcess(child: ChildProcessWithoutNullStreams, exited: Promise<void>): Promise<void> {
	child.kill('SIGTERM');
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
	clearTimeout(timer);
	if (child.exitCode === null && child.signalCode === null) {
		child.kill('SIGKILL');
		await exited;
	}
	child.stdout.destroy();
	child.stderr.destroy();
}
