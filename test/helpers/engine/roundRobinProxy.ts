import net from 'node:net';

export interface RoundRobinProxy {
	url: string;
	/** Where new connections go, in turn; set once the engines listen. */
	backends: string[];
	/** How many connections each backend (by URL) was given. */
	connections: Map<string, number>;
	close(): Promise<void>;
}

/**
 * The load balancer of a production layout, as small as it gets: each new TCP connection goes to
 * the next engine in turn. Clients that keep connections alive stay on one engine per connection.
 */
export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
	const sockets = new Set<net.Socket>();
	let next = 0;
	const proxy: Omit<RoundRobinProxy, 'url' | 'close'> = { backends: [], connections: new Map() };
	const server = net.createServer((client) => {
		sockets.add(client);
		client.on('close', () => sockets.delete(client));
		if (proxy.backends.length === 0) return void client.destroy();
		const backend = proxy.backends[next++ % proxy.backends.length];
		proxy.connections.set(backend, (proxy.connections.get(backend) ?? 0) + 1);
		const { hostname, port } = new URL(backend);
		const upstream = net.connect({ host: hostname, port: Number(port) });
		sockets.add(upstream);
		upstream.on('close', () => sockets.delete(upstream));
		client.pipe(upstream).pipe(client);
		client.on('error', () => upstream.destroy());
		upstream.on('error', () => client.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return Object.assign(proxy, {
		url: `http://127.0.0.1:${port}`,
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	});
}
