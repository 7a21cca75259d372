import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may go. Addresses are checked after DNS resolution, and the
 * checked address is the one connected to (the lookup below is the socket's
 * own), so a name cannot resolve to one address when checked and another when
 * used. Link-local and cloud metadata addresses are always refused; loopback
 * and private ranges only when the operator allows them, because a
 * self-hosted n8n often runs on the same host or LAN.
 */
export interface NetworkPolicy {
	/** Allow loopback and private ranges (SIGNFLOW_ALLOW_PRIVATE_WEBHOOKS=1). */
	allowPrivate: boolean;
	/** Host names and CIDR ranges allowed even though private (never link-local or metadata). */
	allowList: string[];
}

const NEVER = new BlockList();
for (const [network, prefix, type] of [
	['0.0.0.0', 8, 'ipv4'],
	['169.254.0.0', 16, 'ipv4'], // link-local, cloud metadata (169.254.169.254)
	['100.100.100.200', 32, 'ipv4'], // Alibaba Cloud metadata
	['224.0.0.0', 4, 'ipv4'],
	['240.0.0.0', 4, 'ipv4'],
	['::', 128, 'ipv6'],
	['fe80::', 10, 'ipv6'],
	['fd00:ec2::254', 128, 'ipv6'], // AWS metadata over IPv6
	['ff00::', 8, 'ipv6'],
] as const)
	NEVER.addSubnet(network, prefix, type);

const PRIVATE = new BlockList();
for (const [network, prefix, type] of [
	['127.0.0.0', 8, 'ipv4'],
	['10.0.0.0', 8, 'ipv4'],
	['172.16.0.0', 12, 'ipv4'],
	['192.168.0.0', 16, 'ipv4'],
	['100.64.0.0', 10, 'ipv4'],
	['198.18.0.0', 15, 'ipv4'],
	['::1', 128, 'ipv6'],
	['fc00::', 7, 'ipv6'],
] as const)
	PRIVATE.addSubnet(network, prefix, type);

/** IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
function normalise(address: string): { address: string; type: 'ipv4' | 'ipv6' } {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (mapped) return { address: mapped[1]!, type: 'ipv4' };
	return { address, type: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

function inAllowList(hostname: string, address: string, allowList: string[]): boolean {
	const { address: ip, type } = normalise(address);
	return allowList.some((entry) => {
		if (!entry.includes('/')) return entry.toLowerCase() === hostname.toLowerCase() || entry === ip;
		const [network, prefix] = entry.split('/');
		const list = new BlockList();
		try {
			list.addSubnet(network!, Number(prefix), isIP(network!) === 6 ? 'ipv6' : 'ipv4');
		} catch {
			return false;
		}
		return list.check(ip, type);
	});
}

/** Why an address may not be called, or null when it may. */
export function refusal(hostname: string, address: string, policy: NetworkPolicy): string | null {
	const { address: ip, type } = normalise(address);
	if (NEVER.check(ip, type)) return `${address} is a link-local, metadata or reserved address`;
	if (PRIVATE.check(ip, type) && !policy.allowPrivate && !inAllowList(hostname, address, policy.allowList))
		return `${address} is a loopback or private address (allow it with SIGNFLOW_ALLOW_PRIVATE_WEBHOOKS=1 or the allow-list)`;
	return null;
}

export class AddressRefused extends Error {
	readonly code = 'EADDRREFUSED_BY_POLICY';
}

/** Resolves a host and checks every address; throws AddressRefused when any is not allowed. */
export function resolveAllowed(hostname: string, policy: NetworkPolicy): Promise<LookupAddress[]> {
	return new Promise((resolve, reject) => {
		const bare = hostname.replace(/^\[|\]$/g, '');
		if (isIP(bare)) {
			const reason = refusal(bare, bare, policy);
			if (reason) reject(new AddressRefused(reason));
			else resolve([{ address: bare, family: isIP(bare) }]);
			return;
		}
		dnsLookup(bare, { all: true }, (error, addresses) => {
			if (error) return reject(error);
			for (const { address } of addresses) {
				const reason = refusal(bare, address, policy);
				if (reason) return reject(new AddressRefused(`${bare} resolves to ${reason}`));
			}
			resolve(addresses);
		});
	});
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for net.connect that only ever hands out allowed addresses. */
export function guardedLookup(policy: NetworkPolicy) {
	return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
		resolveAllowed(hostname, policy).then(
			(addresses) => {
				if (options.all) callback(null, addresses);
				else callback(null, addresses[0]!.address, addresses[0]!.family);
			},
			(error: NodeJS.ErrnoException) => callback(error, ''),
		);
	};
}
