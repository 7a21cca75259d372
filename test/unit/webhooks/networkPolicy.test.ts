import { refusal, resolveAllowed, type NetworkPolicy } from '../../../engine/webhooks/networkPolicy';
import { WebhookSender } from '../../../engine/webhooks/sender';
import { startReceiver } from '../../helpers/receiver';

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
	])('never %s (%s), whatever the operator allows', (address) => {
		expect(refusal('host', address, strict)).toMatch(/link-local, metadata or reserved/);
		expect(refusal('host', address, open)).toMatch(/link-local, metadata or reserved/);
		expect(refusal('host', address, { allowPrivate: true, allowList: [address, '0.0.0.0/0'] })).toMatch(/link-local/);
	});

	it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '100.64.0.1', '::1', 'fd12:3456::1', '::ffff:10.0.0.1'])(
		'%s only when private addresses are allowed, or it is on the allow-list',
		(address) => {
			expect(refusal('host', address, strict)).toMatch(/loopback or private/);
			expect(refusal('host', address, open)).toBeNull();
		},
	);

	it('takes host names and CIDR ranges on the allow-list', () => {
		expect(refusal('n8n.internal', '10.0.0.7', { allowPrivate: false, allowList: ['n8n.internal'] })).toBeNull();
		expect(refusal('other.internal', '10.0.0.7', { allowPrivate: false, allowList: ['n8n.internal'] })).not.toBeNull();
		expect(refusal('x', '10.9.8.7', { allowPrivate: false, allowList: ['10.9.0.0/16'] })).toBeNull();
		expect(refusal('x', '10.10.8.7', { allowPrivate: false, allowList: ['10.9.0.0/16'] })).not.toBeNull();
	});

	it('lets public addresses through', () => {
		expect(refusal('example.com', '93.184.216.34', strict)).toBeNull();
		expect(refusal('example.com', '2606:2800:220:1::1', strict)).toBeNull();
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
			expect(receiver.received).toHaveLength(0);

			const allowed = await openSender.send(`http://localhost:${port}/hook`, { 'content-type': 'application/json' }, '{"a":1}', 2000);
			expect(allowed).toMatchObject({ statusCode: 200, error: null });
			expect(receiver.received).toHaveLength(1);
		} finally {
			await Promise.all([strictSender.close(), openSender.close(), receiver.close()]);
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
