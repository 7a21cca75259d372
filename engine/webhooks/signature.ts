import { createHmac } from 'node:crypto';
import { webhookSecretKey } from '../domain';

/** The Standard Webhooks signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">. */
export function standardWebhookSignature(secret: string, id: string, timestamp: number, body: string): string {
	const mac = createHmac('sha256', webhookSecretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
	return `v1,${mac}`;
}
