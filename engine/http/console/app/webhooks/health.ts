import type { Webhook } from './types';

/**
 * How a configuration is doing: suspended (the engine disabled it for failing; it holds its
 * events), failing (its last attempts failed), off (switched off by a person), or healthy.
 */
export type Health = 'healthy' | 'failing' | 'suspended' | 'off';

export function healthOf(webhook: Webhook): Health {
	if (webhook.holdsEvents) return 'suspended';
	if (!webhook.enabled) return 'off';
	if (webhook.failingSince !== null || webhook.consecutiveDeadDeliveries > 0) return 'failing';
	return 'healthy';
}

export const isUnhealthy = (health: Health): boolean => health === 'failing' || health === 'suspended';
