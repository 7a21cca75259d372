import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const UNSPECIFIED = new BlockList();
UNSPECIFIED.addSubnet('0.0.0.0', 8, 'ipv4');
UNSPECIFIED.addAddress('::', 'ipv6');

const PRIVATE = new BlockList();
for (const [network, prefix, type] of [
	['10.0.0.0', 8, 'ipv4'],
	['172.16.0.0', 12, 'ipv4'],
	['192.168.0.0', 16, 'ipv4'],
	['100.64.0.0', 10, 'ipv4'],
	['169.254.0.0', 16, 'ipv4'],
	['fc00::', 7, 'ipv6'],
	['fe80::', 10, 'ipv6'],
] as const)
	PRIVATE.addSubnet(network, prefix, type);

const INTERNAL_NAME = /(^[^.]+$)|\.(localhost|local|internal|lan|home|localdomain|intranet|corp)$/;

/**
 * Why signers elsewhere cannot open links at this address (judged from the
 * address alone), or null when it looks public.
 */
export function signingLinkProblem(url: string): string | null {
	let host: string;
	try {
		host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
	} catch {
		return 'it is not a valid URL';
	}
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
	if (mapped) host = mapped[1]!;
	const version = isIP(host);
	if (version) {
		const type = version === 6 ? 'ipv6' : 'ipv4';
		if (LOOPBACK.check(host, type)) return 'it is a loopback address: only this machine can open it';
		if (UNSPECIFIED.check(host, type)) return 'it is the "any address" a server listens on, which no browser can open';
		if (PRIVATE.check(host, type)) return 'it is a private network address: only machines on that network can open it';
		return null;
	}
	if (host === 'localhost' || host.endsWith('.localhost')) return 'it is a loopback address: only this machine can open it';
	if (INTERNAL_NAME.test(host)) return 'it is a local host name: only machines on your network can open it';
	return null;
}

/** One warning per address signers cannot open, naming the setting to change. */
export function signingLinkWarnings(links: Array<string | undefined | null>): string[] {
	const origins = new Map<string, string>();
	for (const link of links) {
		if (!link) continue;
		const problem = signingLinkProblem(link);
		if (problem) origins.set(safeOrigin(link), problem);
	}
	return [...origins].map(
		([origin, problem]) =>
			`Signing links point to ${origin}, but ${problem}. Set "Public URL" in the Signflow credential (embedded engine) or --public-url of "signflow serve" to an address signers can reach.`,
	);
}

function safeOrigin(link: string): string {
	try {
		return new URL(link).origin;
	} catch {
		return link;
	}
}
