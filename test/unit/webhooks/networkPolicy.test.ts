import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { refusal, resolveAllowed, type NetworkPolicy } from '../../../engine/security/networkPolicy';
import { WebhookSender } from '../../../engine/webhooks/sender';
import { startReceiver } from '../../helpers/engine/receiver';

const strict: NetworkPolicy = { allowPrivate: false, allowList: [] };
const open: NetworkPolicy = { allowPrivate: true, allowList: [] };

describe('which addresses webhooks may reach', () => {
	it.each([
		['169.254.169.254', 'metadata'],
		['169.254.10.1', 'link-local'],
		['100.100.100.200', 'Alibaba metadata'],
		['fe80::1', 'IPv6 link-local'],
		['fd00:ec2::254', 'AWS IPv6 metadata'],
		['0.0.0.0', 'unspecified'],
		['::', 'IPv6 unspecified'],
		['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
		// IPv4 written inside IPv6: judged as the IPv4 address it carries
		['64:ff9b::a9fe:a9fe', 'metadata through well-known NAT64 (64:ff9b::/96)'],
		['64:ff9b::169.254.169.254', 'metadata through NAT64, dotted'],
		['64:ff9b:1::a9fe:a9fe', 'metadata through local-use NAT64 (64:ff9b:1::/48)'],
		['2002:a9fe:a9fe::', 'metadata as 6to4 (2002::/16)'],
		['2002:a9fe:a9fe:1::5', 'metadata as 6to4, another host of its /48'],
		['::a9fe:a9fe', 'metadata as IPv4-compatible (::/96)'],
		['::169.254.169.254', 'metadata as IPv4-compatible, dotted'],
		['::ffff:0:a9fe:a9fe', 'metadata as IPv4-translated (::ffff:0:0:0/96)'],
		['::ffff:a9fe:a9fe', 'metadata as IPv4-mapped, hex'],
		['64:ff9b::6464:64c8', 'Alibaba metadata through NAT64'],
		// IETF special-purpose ranges
		['192.0.0.1', 'IETF protocol assignments (192.0.0.0/24)'],
		['192.0.2.10', 'documentation (TEST-NET-1)'],
		['198.51.100.7', 'documentation (TEST-NET-2)'],
		['203.0.113.9', 'documentation (TEST-NET-3)'],
		['192.88.99.1', '6to4 relay anycast'],
		['255.255.255.255', 'broadcast'],
		['239.1.2.3', 'multicast'],
		['250.1.2.3', 'reserved (240.0.0.0/4)'],
		['2001:db8::1', 'IPv6 documentation'],
		['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
		['100::1', 'IPv6 discard-only'],
		['fec0::1', 'deprecated site-local'],
		['ff02::1', 'IPv6 multicast'],
		['64:ff9b::c000:1', 'IETF protocol assignment through NAT64'],
	])('never %s (%s), whatever the operator allows', (address) => {
		expect(refusal('host', address, strict)).toMatch(/link-local, metadata or reserved/);
		expect(refusal('host', address, open)).toMatch(/link-local, metadata or reserved/);
		expect(refusal('host', address, { allowPrivate: true, allowList: [address, '0.0.0.0/0'] })).toMatch(/link-local/);
	});

	it.each([
		'127.0.0.1',
		'10.1.2.3',
		'172.20.0.1',
		'192.168.1.1',
		'100.64.0.1',
		'::1',
		'fd12:3456::1',
		'::ffff:10.0.0.1',
		'::127.0.0.1',
		'::7f00:1',
		'::ffff:0:7f00:1',
		'64:ff9b::7f00:1',
		'64:ff9b::a01:203',
		'64:ff9b:1::c0a8:101',
		'2002:7f00:1::',
		'2002:c0a8:101::1',
		'::a01:203',
	])(
		'%s only when private addresses are allowed, or it is on the allow-list',
		(address) => {
			expect(refusal('host', address, strict)).toMatch(/loopback or private/);
			expect(refusal('host', address, open)).toBeNull();
		},
	);

	it('allows a public address that an IPv6 form carries, and the local-use NAT64 prefix only as private', () => {
		expect(refusal('x', '64:ff9b::808:808', strict)).toBeNull();
		expect(refusal('x', '64:ff9b::8.8.8.8', strict)).toBeNull();
		expect(refusal('x', '2002:5db8:d822::1', strict)).toBeNull();
		expect(refusal('x', '::ffff:5db8:d822', strict)).toBeNull();
		// 64:ff9b:1::/48 is for a network's own translators (RFC 8215): not globally reachable
		expect(refusal('x', '64:ff9b:1::808:808', strict)).toMatch(/loopback or private/);
		expect(refusal('x', '64:ff9b:1::808:808', open)).toBeNull();
	});

	it('takes host names and CIDR ranges on the allow-list', () => {
		expect(refusal('n8n.internal', '10.0.0.7', { allowPrivate: false, allowList: ['n8n.internal'] })).toBeNull();
		expect(refusal('other.internal', '10.0.0.7', { allowPrivate: false, allowList: ['n8n.internal'] })).not.toBeNull();
		expect(refusal('x', '10.9.8.7', { allowPrivate: false, allowList: ['10.9.0.0/16'] })).toBeNull();
		expect(refusal('x', '10.10.8.7', { allowPrivate: false, allowList: ['10.9.0.0/16'] })).not.toBeNull();
		expect(refusal('x', '10.9.8.7', { allowPrivate: false, allowList: ['10.9.8.7'] })).toBeNull();
		expect(refusal('x', 'fd12:3456::1', { allowPrivate: false, allowList: ['fd12::/16'] })).toBeNull();
		expect(refusal('x', 'fd13:3456::1', { allowPrivate: false, allowList: ['fd12::/16'] })).not.toBeNull();
		// the IPv4 address an IPv6 form carries is what the allow-list is matched against
		expect(refusal('x', '64:ff9b::a09:807', { allowPrivate: false, allowList: ['10.9.0.0/16'] })).toBeNull();
		expect(refusal('x', '::ffff:10.9.8.7', { allowPrivate: false, allowList: ['10.9.0.0/16'] })).toBeNull();
		expect(refusal('x', '64:ff9b::a0a:807', { allowPrivate: false, allowList: ['10.9.0.0/16'] })).not.toBeNull();
		// a malformed entry matches nothing and breaks nothing
		expect(refusal('x', '10.9.8.7', { allowPrivate: false, allowList: ['10.9.0.0/99', 'not an address/8'] })).not.toBeNull();
	});

	it.each(['93.184.216.34', '8.8.8.8', '1.1.1.1', '192.0.1.1', '192.1.0.1', '198.20.0.1', '2606:2800:220:1::1', '2a00:1450:4001:80b::200e', '2001:4860:4860::8888'])(
		'lets the public address %s through',
		(address) => {
			expect(refusal('example.com', address, strict)).toBeNull();
		},
	);

	it.each(['[64:ff9b::a9fe:a9fe]', '[64:ff9b:1::a9fe:a9fe]', '[2002:a9fe:a9fe::]', '[::a9fe:a9fe]', '[::ffff:0:a9fe:a9fe]', '192.0.0.1'])(
		'refuses %s as a URL host, as written and as the URL parser normalises it',
		async (host) => {
			await expect(resolveAllowed(host, open)).rejects.toThrow(/link-local, metadata or reserved/);
			await expect(resolveAllowed(new URL(`http://${host}/hook`).hostname, open)).rejects.toThrow(/link-local, metadata or reserved/);
		},
	);

	it('refuses [::127.0.0.1] (loopback as IPv4-compatible) unless private addresses are allowed', async () => {
		const host = new URL('http://[::127.0.0.1]/hook').hostname;
		await expect(resolveAllowed(host, strict)).rejects.toThrow(/loopback or private/);
		await expect(resolveAllowed(host, open)).resolves.toHaveLength(1);
	});

	it('judges names by every address they resolve to', async () => {
		await expect(resolveAllowed('localhost', strict)).rejects.toThrow(/loopback or private/);
		await expect(resolveAllowed('localhost', open)).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ address: expect.any(String) })]));
	});
});

describe('WebhookSender', () => {
	it('checks the address it actually connects to: a name resolving to loopback is refused at connect time', async () => {
		const receiver = await startReceiver();
		const port = new URL(receiver.url).port;
		const strictSender = new WebhookSender(strict, 2);
		const openSender = new WebhookSender(open, 2);
		try {
			const refused = await strictSender.send(`http://localhost:${port}/hook`, {}, '{}', 2000);
			expect(refused.statusCode).toBeNull();
			expect(refused.error).toMatch(/loopback or private/);
			const literal = await strictSender.send(`http://127.0.0.1:${port}/hook`, {}, '{}', 2000);
			expect(literal.error).toMatch(/loopback or private/);
			// The verdict on an address in the URL is kept per URL: the next attempt is refused the same way.
			const literalAgain = await strictSender.send(`http://127.0.0.1:${port}/hook`, {}, '{}', 2000);
			expect(literalAgain).toMatchObject({ statusCode: null, error: literal.error });
			for (const url of ['http://[64:ff9b::a9fe:a9fe]/', 'http://[::ffff:0:a9fe:a9fe]/', 'http://[2002:a9fe:a9fe::]/', 'http://192.0.0.1/']) {
				const embedded = await openSender.send(url, {}, '{}', 2000);
				expect({ url, statusCode: embedded.statusCode, error: embedded.error }).toEqual({ url, statusCode: null, error: expect.stringMatching(/link-local, metadata or reserved/) });
			}
			const compatibleLoopback = await strictSender.send(`http://[::127.0.0.1]:${port}/hook`, {}, '{}', 2000);
			expect(compatibleLoopback.error).toMatch(/loopback or private/);
			expect(receiver.received).toHaveLength(0);

			const allowed = await openSender.send(`http://localhost:${port}/hook`, { 'content-type': 'application/json' }, '{"a":1}', 2000);
			expect(allowed).toMatchObject({ statusCode: 200, error: null });
			expect(receiver.received).toHaveLength(1);
		} finally {
			await Promise.all([strictSender.close(), openSender.close(), receiver.close()]);
		}
	});

	it('gives up on an answer whose body keeps trickling in past the timeout', async () => {
		// Headers at once, then a byte every 50 ms: no gap is long enough for a per-read timeout, only
		// the attempt's own deadline ends it.
		const server = http.createServer((_request, response) => {
			response.writeHead(200, { 'content-type': 'text/plain' });
			const drip = setInterval(() => response.write('.'), 50);
			response.on('close', () => clearInterval(drip));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const sender = new WebhookSender(open, 2);
		try {
			const { port } = server.address() as AddressInfo;
			const dripped = await sender.send(`http://127.0.0.1:${port}/hook`, {}, '{}', 400);
			expect(dripped).toMatchObject({ statusCode: null, error: 'TimeoutError: The operation was aborted due to timeout' });
			expect(dripped.durationMs).toBeGreaterThanOrEqual(390);
		} finally {
			await sender.close();
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	});

	it('keeps the first 4 KB of a long answer and gives up after the timeout', async () => {
		const receiver = await startReceiver();
		const sender = new WebhookSender(open, 2);
		try {
			receiver.respond = (_request, index) => (index === 0 ? { status: 500, body: 'x'.repeat(10_000) } : { status: 200, delayMs: 1500 });
			const long = await sender.send(receiver.url, {}, '{}', 2000);
			expect(long.statusCode).toBe(500);
			expect(long.body).toHaveLength(4096);
			const slow = await sender.send(receiver.url, {}, '{}', 300);
			expect(slow.statusCode).toBeNull();
			expect(slow.error).toMatch(/timeout|aborted/i);
			expect(slow.durationMs).toBeGreaterThanOrEqual(290);
			expect(slow.durationMs).toBeLessThan(1400);
		} finally {
			await Promise.all([sender.close(), receiver.close()]);
		}
	});
});
