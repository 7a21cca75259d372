import { writeSync } from 'node:fs';

/**
 * Where the engine's log lines go: standard output, with the lines of one turn of the event loop
 * written together at its end. pino's default destination makes one write system call per line,
 * and under load (an info line per request) those calls cost a fifth of a request's CPU. No line
 * waits longer than the turn that wrote it, and the lines still unwritten when the process exits
 * are written then; what a kill -9 can lose is the current turn's lines.
 */
export class BatchedLogStream {
	private pending: string[] = [];
	private scheduled = false;
	private readonly flushAtExit = () => this.flush();

	constructor(private readonly fd = 1) {
		process.once('exit', this.flushAtExit);
	}

	write(line: string): void {
		this.pending.push(line);
		if (this.scheduled) return;
		this.scheduled = true;
		setImmediate(() => this.flush());
	}

	flush(): void {
		this.scheduled = false;
		if (!this.pending.length) return;
		const text = this.pending.join('');
		this.pending = [];
		writeFully(this.fd, Buffer.from(text));
	}

	/** Writes what is left and stops flushing at exit (the engine that owns it has stopped). */
	close(): void {
		this.flush();
		process.off('exit', this.flushAtExit);
	}
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

function writeFully(fd: number, bytes: Buffer): void {
	let offset = 0;
	while (offset < bytes.length) {
		try {
			offset += writeSync(fd, bytes, offset);
		} catch (error) {
			// A pipe whose reader is slow: try again; a closed one: the lines have nowhere to go.
			if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
				Atomics.wait(PAUSE, 0, 0, 10);
				continue;
			}
			return;
		}
	}
}
