import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { SignflowService } from '../app/service';
import type { Store } from '../store/port';
import { apiKeyRoutes } from './api/apiKeys';
import { brandingRoutes } from './api/branding';
import { bulkSendRoutes } from './api/bulkSends';
import { draftEditRoutes } from './api/draftEdits';
import { fileRoutes } from './api/files';
import { lifecycleRoutes } from './api/lifecycle';
import { meRoutes } from './api/me';
import { organizationRoutes } from './api/organization';
import { participantRoutes } from './api/participants';
import { purgeRoutes } from './api/purges';
import { templateRoutes } from './api/templates';
import { webhookRoutes } from './api/webhooks';
import { workflowRoutes } from './api/workflows';
import { apiGuard } from './auth';
import { answerClientError } from './clientError';
import type { InvitationEmailPreviewer } from './console/brandingPreview';
import { consoleRoutes } from './console/routes';
import { closeAfterEarlyAnswer } from './earlyAnswer';
import { errorBody, handleError } from './errors';
import { registerHealth, type ReadinessProblem } from './health';
import { hashIdempotentBody } from './idempotency';
import { registerMetrics, type MetricsExposition } from './metrics';
import { buildOpenApi } from './openapi';
import { registerRateLimits, type RateLimitSettings } from './rateLimits';
import { OneLineRequestLog } from './requestLog';
import { ApiRouter } from './route';
import { signingRoutes } from './signing/routes';

export const API_PREFIX = '/api/v1';

export interface HttpOptions {
	service: SignflowService;
	store: Store;
	publicUrl: string;
	maxFileBytes: number;
	version: string;
	logger?: FastifyServerOptions['logger'];
	/** Trust X-Forwarded-For from a reverse proxy when recording signer IPs. */
	trustProxy?: boolean;
	timeouts: HttpTimeouts;
	rateLimits: RateLimitSettings;
	/** Whether the engine sends email: the signer's pages promise one only then. */
	mailEnabled?: boolean;
	/** GET /metrics and request counts; null or absent: off (404). */
	metrics?: MetricsExposition | null;
	/** The invitation email's HTML for the console's branding preview (mail/templates.ts previewInvitationEmail). */
	previewEmail: InvitationEmailPreviewer;
	/** What /readyz reports (absent: always ready). */
	readiness?: () => Promise<ReadinessProblem[]>;
}

export interface HttpTimeouts {
	/** The whole request, headers and body, must arrive within this. */
	requestMs: number;
	/** A connection with no bytes in either direction for this long is closed. */
	idleMs: number;
	/** An idle keep-alive connection is closed after this. */
	keepAliveMs: number;
}

/** Node checks request and header timeouts on an interval: often enough that a short timeout is kept to. */
function timeoutCheckInterval(requestMs: number): number {
	return Math.min(30_000, Math.max(100, Math.floor(requestMs / 4)));
}

/** Request logs never carry signing-link tokens: they are credentials. */
function redactedRequest(request: FastifyRequest) {
	return {
		method: request.method,
		// A framed signing page's address carries the signer's access grant (signing/frameAccess.ts).
		url: request.url.replace(/\/sign\/[A-Za-z0-9_-]{20,}/, '/sign/<token>').replace(/([?&]access=)[^&]*/, '$1<grant>'),
		remoteAddress: request.ip,
	};
}

export async function buildHttpServer(options: HttpOptions): Promise<FastifyInstance> {
	const app = Fastify({
		logger: options.logger ? { ...(options.logger as object), serializers: { req: redactedRequest } } : false,
		logController: new OneLineRequestLog(),
		trustProxy: options.trustProxy ?? false,
		bodyLimit: 1024 * 1024,
		return503OnClosing: true,
		requestTimeout: options.timeouts.requestMs,
		connectionTimeout: options.timeouts.idleMs,
		keepAliveTimeout: options.timeouts.keepAliveMs,
		http: {
			requestTimeout: options.timeouts.requestMs,
			headersTimeout: Math.min(60_000, options.timeouts.requestMs),
			connectionsCheckingInterval: timeoutCheckInterval(options.timeouts.requestMs),
		},
		clientErrorHandler: answerClientError,
		// Fastify's own answers (a URL that cannot be decoded, a path segment past its limit) in the
		// engine's error body, like every other 4xx.
		frameworkErrors: (error, _request, frameworkReply) => {
			const tooLong = (error as { code?: string }).code === 'FST_ERR_MAX_PARAM_LENGTH';
			// The reply is typed for a route schema there is none of here.
			const reply = frameworkReply as unknown as FastifyReply;
			void reply
				.status(tooLong ? 404 : 400)
				.send({
					error: tooLong
						? { code: 'not_found', message: 'No such resource: an id in the path is far longer than any id.', details: [] }
						: { code: 'malformed_url', message: 'The URL cannot be decoded: check its percent-encoding.', details: [] },
				});
		},
	});

	// An empty JSON body (as some clients send on POST .../send) means "no fields". Fastify types its
	// default parser as either parser shape; it is the callback one (it answers through done).
	const parseJson = app.getDefaultJsonParser('error', 'error') as (
		request: FastifyRequest,
		body: string,
		done: (error: Error | null, body?: unknown) => void,
	) => void;
	app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
		hashIdempotentBody(request, body as string);
		if (typeof body === 'string' && body.trim() === '') done(null, undefined);
		else parseJson(request, body as string, done);
	});
	app.removeContentTypeParser('text/plain');
	await app.register(multipart, { limits: { files: 1, fields: 10, fieldSize: 1024 } });

	app.setErrorHandler(handleError);
	// First of the hooks: every request is counted, whichever later hook answers it.
	if (options.metrics) registerMetrics(app, options.metrics);
	const limits = await registerRateLimits(app, options.rateLimits);
	// The signer's routes face the internet without a key: limited per IP and per link, and the
	// link of a JSON action (sign, refuse, access code) checked, before any byte of the body is read.
	app.addHook('onRequest', async (request, reply) => {
		const route = request.routeOptions.url;
		if (!route?.startsWith('/sign/')) return;
		await limits.signing(request, reply);
		if (request.method === 'POST' && route.startsWith('/sign/:token/'))
			await options.service.signing.checkLink((request.params as { token: string }).token);
	});
	app.setNotFoundHandler((request, reply) => {
		void reply
			.status(404)
			.send(errorBody('route_not_found', `${request.method} ${request.url.split('?')[0]} is not an endpoint of this API.`));
	});
	// Requests in flight at shutdown finish; their keep-alive connections must then close too,
	// or the server would wait for the clients' idle timeout before the process can exit.
	let closing = false;
	app.addHook('preClose', (done) => {
		closing = true;
		done();
	});
	app.addHook('onSend', (_request, reply, payload, done) => {
		reply.header('x-content-type-options', 'nosniff');
		if (closing) reply.header('connection', 'close');
		done(null, payload);
	});
	app.addHook('onResponse', (request, _reply, done) => {
		closeAfterEarlyAnswer(request);
		done();
	});

	const api = new ApiRouter(app, API_PREFIX, apiGuard(options.service, limits, () => options.publicUrl), options.service, options.timeouts.requestMs);
	meRoutes(api, options.service);
	apiKeyRoutes(api, options.service);
	workflowRoutes(api, options.service);
	fileRoutes(api, options.service, options.maxFileBytes);
	participantRoutes(api, options.service);
	draftEditRoutes(api, options.service);
	lifecycleRoutes(api, options.service);
	brandingRoutes(api, options.service);
	webhookRoutes(api, options.service);
	organizationRoutes(api, options.service);
	purgeRoutes(api, options.service);
	templateRoutes(api, options.service, options.maxFileBytes);
	bulkSendRoutes(api, options.service);

	// Built on first request: the public URL is known only once the server listens.
	let openApi: ReturnType<typeof buildOpenApi> | null = null;
	app.get(`${API_PREFIX}/openapi.json`, () => {
		openApi ??= buildOpenApi(api.routes, { serverUrl: `${options.publicUrl}${API_PREFIX}`, version: options.version });
		return openApi;
	});

	await app.register(signingRoutes, {
		service: options.service,
		secureCookies: () => options.publicUrl.startsWith('https://'),
		mailEnabled: options.mailEnabled ?? false,
	});

	await app.register(consoleRoutes, { service: options.service, publicUrl: () => options.publicUrl, limits, previewEmail: options.previewEmail });

	registerHealth(app, options.store, options.readiness ?? (() => Promise.resolve([])));
	return app;
}
