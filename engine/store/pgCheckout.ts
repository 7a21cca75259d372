import pg from 'pg';

/**
 * A connection that fails while checked out (the server restarts, an administrator ends it) makes
 * pg emit 'error' on its client, which ends the process when nobody listens: the pool listens only
 * to idle ones. The error also fails the batch in flight or the next one, which is where it is
 * reported; this listener only keeps the process up.
 */
const ignore = () => undefined;

/** A connection from the pool, for one read or transaction. */
export async function checkOut(pool: pg.Pool): Promise<pg.PoolClient> {
	const client = await pool.connect();
	client.on('error', ignore);
	return client;
}

/** Gives a connection back; with an error, the pool closes it instead of keeping it. */
export function checkIn(client: pg.PoolClient, error?: Error): void {
	client.off('error', ignore);
	client.release(error);
}

/**
 * Whether a failure leaves the connection unable to serve another statement: it failed other than
 * by a server's error, or the server ended the session with it (severity FATAL or PANIC, e.g. 57P01
 * when an administrator ends it). The server's FATAL message can come before the socket closes, and
 * a connection given back as sound then fails whoever takes it next.
 */
export function connectionLost(error: unknown): boolean {
	if (!(error instanceof pg.DatabaseError)) return true;
	return error.severity === 'FATAL' || error.severity === 'PANIC';
}
