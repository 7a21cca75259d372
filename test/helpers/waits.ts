import type { ApiClient } from './apiClient';

/** Polls until `accept` holds (or the time is up: generous, for loaded machines) and returns the last value seen. */
export async function until<T>(check: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (accept(value) || Date.now() > deadline) return value;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

/** The audit trail once it holds an event of `type` (workflow.completed follows finalization, a moment after the last signature). */
export async function auditWith(api: ApiClient, workflowId: string, type: string, timeoutMs?: number) {
	const audit = await until(
		() => api.get(`/workflows/${workflowId}/audit`),
		(response) => response.body.events?.some((event: { type: string }) => event.type === type),
		timeoutMs,
	);
	return audit.body as { events: Array<{ type: string; data: any; actor: any; ip: string; userAgent: string; hash: string }>; chain: any };
}
