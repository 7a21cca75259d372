/** How long a console login link (`signflow console-link`, the embedded engine's log) may be used, once. */
export const CONSOLE_LINK_TTL_MS = 15 * 60 * 1000;
/** A console session unused this long ends. */
export const CONSOLE_SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** A console session ends this long after sign-in, however much it is used. */
export const CONSOLE_SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** The session's last use is written at most this often (not on every request). */
export const CONSOLE_SESSION_TOUCH_MS = 60 * 1000;

/** Whether a session may still be used at `now`. */
export function consoleSessionLive(session: { expiresAt: string; lastSeenAt: string }, now: Date): boolean {
	return session.expiresAt > now.toISOString() && Date.parse(session.lastSeenAt) + CONSOLE_SESSION_IDLE_MS > now.getTime();
}
