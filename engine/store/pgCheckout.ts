import type pg from 'pg';

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
