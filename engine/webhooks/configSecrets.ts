import type { WebhookConfig } from '../domain';
import type { SecretBox } from '../security/secretBox';

/** A configuration's secret and custom headers, opened. */
export interface OpenedSecrets {
	/** The HMAC secret or the basic-auth password; null for auth "none". */
	secret: string | null;
	headers: Readonly<Record<string, string>>;
}

interface Entry extends OpenedSecrets {
	secretSealed: string | null;
	headersSealed: string;
}

/**
 * Opens each configuration's sealed secret and headers once, not for every
 * delivery. An entry is used only while the configuration's sealed values are
 * the ones it was opened from: every change seals again (with a fresh IV), and
 * deliveries carry the configuration as read from the store when claimed, so a
 * rotated secret or new headers are used from the next claimed delivery on,
 * whichever process made the change. At most `maxEntries` are kept, least
 * recently used first out.
 */
export class ConfigSecrets {
	private readonly entries = new Map<string, Entry>();

	constructor(
		private readonly box: SecretBox,
		private readonly maxEntries = 1000,
	) {}

	of(webhook: WebhookConfig): OpenedSecrets {
		let entry = this.entries.get(webhook.id);
		if (entry && entry.secretSealed === webhook.secretSealed && entry.headersSealed === webhook.headersSealed) {
			// Most recently used goes last.
			this.entries.delete(webhook.id);
		} else {
			entry = {
				secretSealed: webhook.secretSealed,
				headersSealed: webhook.headersSealed,
				secret: webhook.secretSealed ? this.box.open(webhook.secretSealed) : null,
				headers: Object.freeze(JSON.parse(this.box.open(webhook.headersSealed)) as Record<string, string>),
			};
			this.entries.delete(webhook.id);
			if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
		}
		this.entries.set(webhook.id, entry);
		return entry;
	}

	/** Drops a configuration that was removed, so its secret does not stay in memory. */
	forget(webhookId: string): void {
		this.entries.delete(webhookId);
	}

	get size(): number {
		return this.entries.size;
	}
}
