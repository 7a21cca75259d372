/**
 * Crash points for recovery tests: with SIGNFLOW_FAILPOINT=<name> the process
 * kills itself the moment it reaches that point, as a power cut would. Unset
 * (always, outside tests), this does nothing.
 */
export function failpoint(name: string): void {
	if (process.env.SIGNFLOW_FAILPOINT === name) process.kill(process.pid, 'SIGKILL');
}
