import { createHash } from 'node:crypto';
import type { AuditEvent } from './event';

/**
 * JSON with object keys sorted at every level, so the same event always hashes the same. Every
 * stored hash depends on this exact text: keys in UTF-16 order (Array.prototype.sort's own), those
 * holding undefined left out, a hole in an array written as nothing. Built in one pass: it runs for
 * every event written and every event of a chain checked.
 */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) {
		let out = '[';
		for (let index = 0; index < value.length; index += 1) {
			if (index > 0) out += ',';
			if (index in value) out += canonicalJson(value[index]);
		}
		return `${out}]`;
	}
	const record = value as Record<string, unknown>;
	let out = '{';
	for (const key of Object.keys(record).sort()) {
		const entry = record[key];
		if (entry === undefined) continue;
		if (out.length > 1) out += ',';
		out += `${JSON.stringify(key)}:${canonicalJson(entry)}`;
	}
	return `${out}}`;
}

/** The hash of an event covers all its content and the previous event's hash. */
export function eventHash(event: Omit<AuditEvent, 'hash'>): string {
	return createHash('sha256').update(canonicalJson(event)).digest('hex');
}

export interface ChainCheck {
	intact: boolean;
	/** The first event whose hash or link does not match, when the chain is broken. */
	brokenAt: { eventId: string; sequence: number; reason: string } | null;
	headHash: string | null;
}

/** Verifies a workflow's events, in sequence order, link up and hash to what they say. */
export function verifyChain(events: readonly AuditEvent[]): ChainCheck {
	const redactable = redactedThrough(events);
	let prev: string | null = null;
	for (const [index, evt] of events.entries()) {
		const broken = (reason: string): ChainCheck => ({
			intact: false,
			brokenAt: { eventId: evt.id, sequence: evt.sequence, reason },
			headHash: events[events.length - 1].hash,
		});
		if (evt.sequence !== index + 1) return broken('sequence gap');
		if (evt.prevHash !== prev) return broken('previous hash does not match');
		const { hash, ...rest } = evt;
		if (evt.redactedAt !== undefined) {
			// Its personal data was blanked by a purge: only a purge recorded later in the chain may have done that.
			if (evt.sequence > redactable) return broken('redacted without a purge that covers it');
		} else if (eventHash(rest) !== hash) return broken('content does not match its hash');
		prev = hash;
	}
	return { intact: true, brokenAt: null, headHash: prev };
}

/**
 * Up to which sequence a purge of personal data (a `workflow.purged` event whose own content
 * matches its hash, itself never redacted) says it blanked the events before it; 0 when none did.
 */
function redactedThrough(events: readonly AuditEvent[]): number {
	let through = 0;
	for (const evt of events) {
		if (evt.type !== 'workflow.purged' || evt.redactedAt !== undefined) continue;
		const { hash, ...rest } = evt;
		const claimed = evt.data.redactedThrough;
		if (typeof claimed === 'number' && claimed < evt.sequence && eventHash(rest) === hash) through = Math.max(through, claimed);
	}
	return through;
}
