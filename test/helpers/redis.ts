import net from 'node:net';

/** The Redis the queue-mode tests use (this machine's: 127.0.0.1:6379, nothing kept on disk). */
export const REDIS_URL = new URL(process.env.SIGNFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');

type Reply = string | number | null | Reply[];

/** Reads one RESP reply from `buffer` at `offset`; null while it is incomplete. */
function parse(buffer: Buffer, offset: number): { value: Reply; end: number } | null {
	const lineEnd = buffer.indexOf('\r\n', offset);
	if (lineEnd < 0) return null;
	const kind = String.fromCharCode(buffer[offset]);
	const line = buffer.toString('utf8', offset + 1, lineEnd);
	if (kind === '+') return { value: line, end: lineEnd + 2 };
	if (kind === '-') throw new Error(`Redis answered: ${line}`);
	if (kind === ':') return { value: Number(line), end: lineEnd + 2 };
	if (kind === '$') {
		const length = Number(line);
		if (length < 0) return { value: null, end: lineEnd + 2 };
		if (buffer.length < lineEnd + 2 + length + 2) return null;
		return { value: buffer.toString('utf8', lineEnd + 2, lineEnd + 2 + length), end: lineEnd + 2 + length + 2 };
	}
	if (kind === '*') {
		const items: Reply[] = [];
		let at = lineEnd + 2;
		for (let index = 0; index < Number(line); index++) {
			const item = parse(buffer, at);
			if (!item) return null;
			items.push(item.value);
			at = item.end;
		}
		return { value: items, end: at };
	}
	throw new Error(`unexpected Redis reply: ${line}`);
}

/**
 * One command on a connection of its own (the tests send a handful; a client library would be a
 * dependency for nothing). Rejects, saying where, when Redis does not answer within `timeoutMs`.
 */
export function redisCommand(args: string[], timeoutMs = 5000): Promise<Reply> {
	const where = `${REDIS_URL.hostname}:${REDIS_URL.port || 6379}`;
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host: REDIS_URL.hostname, port: Number(REDIS_URL.port || 6379) });
		let received = Buffer.alloc(0);
		const fail = (why: string) => {
			socket.destroy();
			reject(new Error(`Redis at ${where} is not usable (${why}). n8n's queue mode needs it: start redis-server there, or point SIGNFLOW_TEST_REDIS_URL at one.`));
		};
		socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs} ms`));
		socket.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
		socket.on('connect', () => socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`));
		socket.on('data', (chunk) => {
			received = Buffer.concat([received, chunk]);
			try {
				const reply = parse(received, 0);
				if (!reply) return;
				socket.end();
				resolve(reply.value);
			} catch (error) {
				socket.destroy();
				reject(error instanceof Error ? error : new Error(String(error)));
			}
		});
	});
}

/** Throws a clear error unless Redis answers PING. */
export async function requireRedis(): Promise<void> {
	const answer = await redisCommand(['PING']);
	if (answer !== 'PONG') throw new Error(`Redis at ${REDIS_URL.host} answered PING with ${JSON.stringify(answer)}`);
}

/** Every key starting with `prefix` (SCAN, so a busy Redis is not blocked). */
export async function redisKeys(prefix: string): Promise<string[]> {
	const keys: string[] = [];
	let cursor = '0';
	do {
		const [next, batch] = (await redisCommand(['SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '1000'])) as [string, string[]];
		keys.push(...batch);
		cursor = next;
	} while (cursor !== '0');
	return keys;
}

/** Deletes every key starting with `prefix`; answers how many there were. */
export async function deleteRedisKeys(prefix: string): Promise<number> {
	const keys = await redisKeys(prefix);
	for (let index = 0; index < keys.length; index += 500) await redisCommand(['DEL', ...keys.slice(index, index + 500)]);
	return keys.length;
}
