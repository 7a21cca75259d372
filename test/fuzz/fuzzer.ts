import fc from 'fast-check';
import { check, errorOf, type Verdict } from './checks';
import { playJourney } from './journey';
import { Model, type Org } from './model';
import { operationsOf, type Operation } from './openapi';
import { planArbitrary, type Plan } from './plans';
import { requestMeta, resolvePlan, type Env, type HttpRequest } from './resolve';
import { seedState } from './setup';
import { RequestTimeout, Transport, reproduction, type HttpResponse } from './transport';

export interface FuzzOptions {
	baseUrl: string;
	keys: Record<Org, string>;
	receiverUrl: string;
	seed: number;
	/** Stop after this many requests... */
	maxRequests: number;
	/** ...or after this long, whichever comes first. */
	maxMs: number;
	concurrency: number;
	timeoutMs: number;
	log?: (line: string) => void;
}

export interface Failure {
	rule: string;
	detail: string;
	label: string;
	/** Position in the generated stream (with the seed, where to look). */
	planIndex: number;
	/** Seconds since the run started, when the answer came (or did not). */
	atSeconds: number;
	status: number | null;
	request: { method: string; path: string; headers: Record<string, string>; bodyBase64: string | null };
	reproduce: string;
}

export interface FuzzReport {
	seed: number;
	/** Every request sent, the seeding ones included. */
	requests: number;
	plans: number;
	/** The seeding before the generated requests. */
	setup: { requests: number; ms: number };
	/** The generated requests' phase. */
	durationMs: number;
	histogram: Record<string, number>;
	fiveXx: number;
	hung: number;
	failures: Failure[];
	/** Count of failures per rule (all of them; `failures` keeps the first few in full). */
	failureCounts: Record<string, number>;
	/** label -> status -> count */
	byLabel: Record<string, Record<string, number>>;
	/** label -> total milliseconds waiting for answers */
	msByLabel: Record<string, number>;
	/** Statuses an operation answered that its OpenAPI entry does not declare: "operationId status" -> count. */
	undocumented: Record<string, number>;
	slowestMs: number;
	model: Model;
	operations: Operation[];
}

const KEEP_FAILURES = 40;
const KEEP_PER_RULE = 5;

/**
 * Seeds real state, then sends the seeded stream of generated requests
 * (fast-check) with `concurrency` in flight, checking every answer and
 * learning ids from them. Returns the figures and every broken rule with
 * the request that broke it.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
	const log = options.log ?? (() => undefined);
	const transport = new Transport(options.baseUrl, options.concurrency * 6 + 4);
	const model = new Model();
	const started = Date.now();
	const report: FuzzReport = {
		seed: options.seed,
		requests: 0,
		plans: 0,
		setup: { requests: 0, ms: 0 },
		durationMs: 0,
		histogram: {},
		fiveXx: 0,
		hung: 0,
		failures: [],
		failureCounts: {},
		byLabel: {},
		msByLabel: {},
		undocumented: {},
		slowestMs: 0,
		model,
		operations: [],
	};
	try {
		const document = await transport.send(
			{ method: 'GET', path: '/api/v1/openapi.json', headers: {}, body: null, meta: requestMeta({ label: 'openapi', actor: 'A' }) },
			options.timeoutMs,
		);
		const operations = operationsOf(JSON.parse(document.body.toString('utf8')));
		report.operations = operations;
		const byId = new Map(operations.map((operation) => [operation.operationId, operation]));
		const env: Env = { keys: options.keys, receiverUrl: options.receiverUrl, operations: byId };

		const record = (request: HttpRequest, response: HttpResponse | null, verdicts: Verdict[], planIndex: number) => {
			report.requests += 1;
			const status = response ? String(response.status) : 'no answer';
			report.histogram[status] = (report.histogram[status] ?? 0) + 1;
			const label = (report.byLabel[request.meta.label] ??= {});
			label[status] = (label[status] ?? 0) + 1;
			if (response) {
				report.slowestMs = Math.max(report.slowestMs, response.ms);
				report.msByLabel[request.meta.label] = (report.msByLabel[request.meta.label] ?? 0) + response.ms;
				if (response.status >= 500) report.fiveXx += 1;
				const operation = request.meta.operationId ? byId.get(request.meta.operationId) : undefined;
				if (operation && !operation.statuses.has(response.status)) {
					const key = `${operation.operationId} ${response.status}`;
					report.undocumented[key] = (report.undocumented[key] ?? 0) + 1;
				}
			}
			for (const verdict of verdicts) {
				const seen = (report.failureCounts[verdict.rule] = (report.failureCounts[verdict.rule] ?? 0) + 1);
				// The first few of every rule, so a frequent one does not hide a rare one.
				if (seen > KEEP_PER_RULE && report.failures.length >= KEEP_FAILURES) continue;
				const failure: Failure = {
					...verdict,
					label: request.meta.label,
					planIndex,
					atSeconds: Math.round((Date.now() - started) / 1000),
					status: response?.status ?? null,
					request: { method: request.method, path: request.path, headers: request.headers, bodyBase64: request.body?.toString('base64') ?? null },
					reproduce: reproduction(options.baseUrl, request),
				};
				report.failures.push(failure);
				log(`FAILURE [${verdict.rule}] ${request.meta.label} (plan #${planIndex}): ${verdict.detail}\n  reproduce: ${truncate(failure.reproduce, 3000)}`);
			}
		};

		const exchange = async (request: HttpRequest, planIndex: number): Promise<HttpResponse | null> => {
			let response: HttpResponse;
			try {
				response = await transport.send(request, options.timeoutMs);
			} catch (error) {
				if (error instanceof RequestTimeout) report.hung += 1;
				const rule = error instanceof RequestTimeout ? 'hung' : 'connection';
				record(request, null, [{ rule, detail: (error as Error).message }], planIndex);
				return null;
			}
			record(request, response, check(request, response, request.meta.operationId ? byId.get(request.meta.operationId) : undefined), planIndex);
			learn(model, request, response);
			return response;
		};

		await seedState({
			transport,
			model,
			keys: options.keys,
			receiverUrl: options.receiverUrl,
			observe: (request, response) => record(request, response, check(request, response, undefined), -1),
		});
		report.setup = { requests: report.requests, ms: Date.now() - started };
		log(`seeded in ${(report.setup.ms / 1000).toFixed(1)} s: ${model.workflows.size} workflows, ${model.signers.size} signers, ${model.webhooks.length} webhooks (${report.requests} requests)`);

		const plans = planStream(planArbitrary(operations), options.seed);
		const fuzzStarted = Date.now();
		const deadline = fuzzStarted + options.maxMs;
		let next = 0;
		// Typed by assertion: the workers set it in closures, which TypeScript's narrowing does not follow.
		let fatal = null as Error | null;
		const worker = async () => {
			while (!fatal && report.requests - report.setup.requests < options.maxRequests && Date.now() < deadline) {
				const planIndex = next++;
				const plan = plans(planIndex);
				report.plans += 1;
				try {
					if (plan.kind === 'journey') await playJourney(plan, model, env, (request) => exchange(request, planIndex));
					else await Promise.all(resolvePlan(plan, model, env).map((request) => exchange(request, planIndex)));
				} catch (error) {
					// A defect of the fuzzer itself: stop every worker, then say which plan.
					fatal = new Error(`plan #${planIndex} could not be played: ${(error as Error).stack}\n${JSON.stringify(plan).slice(0, 2000)}`);
					return;
				}
			}
		};
		const progress = setInterval(() => log(`… ${report.requests} requests, ${report.fiveXx} 5xx, ${Math.round((Date.now() - fuzzStarted) / 1000)} s`), 30_000);
		try {
			await Promise.all(Array.from({ length: options.concurrency }, worker));
		} finally {
			clearInterval(progress);
			report.durationMs = Date.now() - fuzzStarted;
		}
		if (fatal) throw fatal;
	} finally {
		transport.close();
	}
	return report;
}

/** The plan at a position of the seeded stream, generated in batches with fast-check. */
function planStream(arbitrary: fc.Arbitrary<Plan>, seed: number): (index: number) => Plan {
	const BATCH = 200;
	let batchIndex = -1;
	let batch: Plan[] = [];
	return (index) => {
		const wanted = Math.floor(index / BATCH);
		if (wanted !== batchIndex) {
			batchIndex = wanted;
			batch = fc.sample(arbitrary, { seed: (seed + Math.imul(wanted, 0x9e3779b1)) | 0, numRuns: BATCH });
		}
		return batch[index % BATCH];
	};
}

/** What an answer teaches about the state: new ids, tokens, cookies, statuses. */
function learn(model: Model, request: HttpRequest, response: HttpResponse): void {
	const { meta } = request;
	const json = String(response.headers['content-type'] ?? '').includes('application/json');
	let body: any = null;
	if (json) {
		try {
			body = JSON.parse(response.body.toString('utf8'));
		} catch {
			return;
		}
	}
	if (meta.token) {
		const cookie = response.headers['set-cookie']?.[0]?.split(';')[0];
		if (cookie && (response.status < 300 || response.status === 303)) model.rememberCookie(meta.token, cookie);
		if (response.status === 200 && meta.signerRoute === 'sign') model.signerActed(meta.token, 'signed');
		if (response.status === 200 && meta.signerRoute === 'refuse') model.signerActed(meta.token, 'refused');
		const signer = model.signerOfToken(meta.token);
		const workflow = signer ? model.workflows.get(signer.workflowId) : undefined;
		if (workflow && typeof body?.state === 'string' && ['completed', 'refused', 'expired', 'cancelled'].includes(body.state)) workflow.status = body.state;
		return;
	}
	if (!meta.operationId || !body) return;
	if (response.status >= 200 && response.status < 300) model.absorb(meta.actor, meta.operationId, meta.json, body);
	// A 409 says which state the workflow is really in.
	const error = errorOf(response);
	const status = body?.error?.details?.[0]?.status;
	const workflowId = /\/workflows\/([0-9a-f-]{36})/.exec(request.path)?.[1];
	if (error && response.status === 409 && typeof status === 'string' && workflowId) {
		const workflow = model.workflows.get(workflowId);
		if (workflow) workflow.status = status;
	}
}

function truncate(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

export function summary(report: FuzzReport, label: string): string {
	const statuses = Object.entries(report.histogram)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([status, count]) => `${status}: ${count}`)
		.join(', ');
	const generated = report.requests - report.setup.requests;
	const rate = Math.round(generated / (report.durationMs / 1000));
	const lines = [
		`[${label}] seed ${report.seed}: ${report.requests} requests: ${report.setup.requests} seeding state (${(report.setup.ms / 1000).toFixed(1)} s), ` +
			`then ${generated} generated (${report.plans} plans) in ${(report.durationMs / 1000).toFixed(1)} s (${rate}/s); slowest answer ${report.slowestMs} ms`,
		`[${label}] statuses: ${statuses}`,
		`[${label}] 5xx: ${report.fiveXx}, hung: ${report.hung}, broken rules: ${JSON.stringify(report.failureCounts)}`,
	];
	const costliest = Object.entries(report.msByLabel)
		.sort(([, a], [, b]) => b - a)
		.slice(0, 6)
		.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`);
	lines.push(`[${label}] most time spent waiting on: ${costliest.join(', ')}`);
	const undocumented = Object.entries(report.undocumented);
	if (undocumented.length) lines.push(`[${label}] statuses the OpenAPI document does not declare: ${undocumented.map(([key, count]) => `${key} (${count})`).join(', ')}`);
	return lines.join('\n');
}

