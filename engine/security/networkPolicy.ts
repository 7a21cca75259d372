import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr, { type IPv4, type IPv6 } from 'ipaddr.js';

/**
 * Where webhooks may go. Addresses are checked after DNS resolution, and the
 * checked address is the one connected to (the lookup below is the socket's
 * own), so a name cannot resolve to one address when checked and another when
 * used. An IPv6 address that carries an IPv4 one (NAT64, 6to4, mapped...) is
 * judged as that IPv4 address. Link-local, cloud metadata and the other
 * special-purpose addresses are always refused; loopback and private ranges
 * only when the operator allows them, because a self-hosted n8n often runs
 * on the same host or LAN.
 */
export interface NetworkPolicy {
	/** Allow loopback and private ranges (SIGNFLOW_ALLOW_PRIVATE_WEBHOOKS=1). */
	allowPrivate: boolean;
	/** Host names and CIDR ranges allowed even though private (never link-local or metadata). */
	allowList: string[];
}

type Verdict = 'public' | 'private' | 'never';
const STRICTNESS: Record<Verdict, number> = { public: 0, private: 1, never: 2 };

/**
 * Ranges are ipaddr.js's lists of the IANA special-purpose registries:
 * `unicast` is what none of them claims. Of the special ranges only these
 * may be allowed by the operator; every other one (link-local, multicast,
 * documentation, benchmarking, reserved, Teredo...) is never called.
 */
const PRIVATE_RANGES: Record<'ipv4' | 'ipv6', ReadonlySet<string>> = {
	ipv4: new Set(['loopback', 'private', 'carrierGradeNat']),
	ipv6: new Set(['loopback', 'uniqueLocal']),
};

/** Cloud metadata services inside ranges that are otherwise only private. */
const METADATA = ['100.100.100.200', 'fd00:ec2::254'].map((address) => ipaddr.parse(address).toNormalizedString());

/** An address as judged: the parsed address, and the IPv4 address it carries when it is an IPv6 form of one. */
interface Judged {
	ip: IPv4 | IPv6;
	carried: IPv4 | null;
	verdict: Verdict;
}

/**
 * The IPv4 address inside an IPv6 one that a translator or tunnel turns back
 * into IPv4: IPv4-mapped (::ffff:0:0/96), IPv4-translated (::ffff:0:0:0/96),
 * NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48, RFC 6052 and 8215,
 * the address in the last 32 bits), 6to4 (2002::/16, in bits 16 to 47) and
 * the deprecated IPv4-compatible form (::/96 but :: and ::1).
 */
function carriedIPv4(ip: IPv6): { ipv4: IPv4; localUse: boolean } | null {
	const [p0, p1, p2, p3, p4, p5, p6, p7] = ip.parts as [number, number, number, number, number, number, number, number];
	const fromParts = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
	const range: string = ip.range();
	if (range === 'ipv4Mapped' || range === 'rfc6145') return { ipv4: fromParts(p6, p7), localUse: false };
	if (range === 'rfc6052') return { ipv4: fromParts(p6, p7), localUse: p2 === 1 };
	if (range === '6to4') return { ipv4: fromParts(p1, p2), localUse: false };
	if (p0 === 0 && p1 === 0 && p2 === 0 && p3 === 0 && p4 === 0 && p5 === 0 && range !== 'unspecified' && range !== 'loopback')
		return { ipv4: fromParts(p6, p7), localUse: false };
	return null;
}

function verdictOf(ip: IPv4 | IPv6): Verdict {
	if (METADATA.includes(ip.toNormalizedString())) return 'never';
	const range: string = ip.range();
	if (range === 'unicast') return 'public';
	return PRIVATE_RANGES[ip.kind()].has(range) ? 'private' : 'never';
}

function judge(address: string): Judged | null {
	if (!isIP(address)) return null;
	const ip = ipaddr.parse(address);
	if (ip.kind() === 'ipv4') return { ip, carried: null, verdict: verdictOf(ip) };
	const carried = carriedIPv4(ip as IPv6);
	if (!carried) return { ip, carried: null, verdict: verdictOf(ip) };
	let verdict = verdictOf(carried.ipv4);
	// The local-use NAT64 prefix reaches only what the network's own translator reaches: private at best.
	if (carried.localUse && STRICTNESS[verdict] < STRICTNESS.private) verdict = 'private';
	return { ip, carried: carried.ipv4, verdict };
}

/** An allow-list entry is a host name, an address or a CIDR range; it matches the address or the IPv4 address it carries. */
function inAllowList(hostname: string, judged: Judged, allowList: string[]): boolean {
	const candidates = judged.carried ? [judged.ip, judged.carried] : [judged.ip];
	return allowList.some((entry) => {
		if (entry.toLowerCase() === hostname.toLowerCase()) return true;
		try {
			const [network, prefix] = entry.includes('/') ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), null];
			return candidates.some((candidate) => {
				if (candidate.kind() !== network.kind()) return false;
				if (prefix === null) return candidate.toNormalizedString() === network.toNormalizedString();
				return (candidate as IPv4).match(network, prefix);
			});
		} catch {
			return false;
		}
	});
}

/** Why an address may not be called, or null when it may. */
export function refusal(hostname: string, address: string, policy: NetworkPolicy): string | null {
	const judged = judge(address);
	if (!judged) return `${address} is not an IP address`;
	const shown = judged.carried ? `${address} (IPv4 ${judged.carried.toString()})` : address;
	if (judged.verdict === 'never') return `${shown} is a link-local, metadata or reserved address`;
	if (judged.verdict === 'private' && !policy.allowPrivate && !inAllowList(hostname, judged, policy.allowList))
		return `${shown} is a loopback or private address (allow it with SIGNFLOW_ALLOW_PRIVATE_WEBHOOKS=1 or the allow-list)`;
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
				else callback(null, addresses[0].address, addresses[0].family);
			},
			(error: NodeJS.ErrnoException) => callback(error, ''),
		);
	};
}
