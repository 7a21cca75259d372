import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
	url: string;
	messages: ParsedMail[];
	/** How many incoming messages to reject before accepting again. */
	rejectNext: number;
	waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
	close(): Promise<void>;
}

/** A real SMTP server on loopback that receives and parses what the engine sends. */
export async function startSmtp(): Promise<TestSmtp> {
	const messages: ParsedMail[] = [];
	const state = { rejectNext: 0 };
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, _session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				if (state.rejectNext > 0) {
					state.rejectNext -= 1;
					const error = Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 });
					callback(error);
					return;
				}
				simpleParser(Buffer.concat(chunks)).then(
					(parsed) => {
						messages.push(parsed);
						callback();
					},
					(error: Error) => callback(error),
				);
			});
		},
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.server.address() as { port: number }).port;
	return {
		url: `smtp://127.0.0.1:${port}`,
		messages,
		get rejectNext() {
			return state.rejectNext;
		},
		set rejectNext(value: number) {
			state.rejectNext = value;
		},
		async waitFor(count, timeoutMs = 30_000) {
			const deadline = Date.now() + timeoutMs;
			while (messages.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
			return messages;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
