import { until } from '../waits';
import type { ApiClient } from './apiClient';

/** The audit trail once it holds an event of `type` (workflow.completed follows finalization, a moment after the last signature). */
export async function auditWith(api: ApiClient, workflowId: string, type: string, timeoutMs?: number) {
	const audit = await until(
		() => api.get(`/workflows/${workflowId}/audit`),
		(response) => response.body.events?.some((event: { type: string }) => event.type === type),
		timeoutMs,
	);
	return audit.body as { events: Array<{ type: string; data: any; actor: any; ip: string; userAgent: string; hash: string }>; chain: any };
}
