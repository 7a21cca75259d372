import type { RunningEngine } from '../bootstrap';

/**
 * Tells n8n's log how to open an organization's console: a one-time sign-in link (15 minutes,
 * single use, so the log keeps no lasting secret), and the command that makes another.
 * An info line, written even though the embedded engine otherwise logs warnings only.
 */
export async function announceConsole(engine: RunningEngine, organizationId: string, dataDir: string): Promise<void> {
	const link = await engine.service.console.createLoginLink(organizationId, 'live');
	engine.http.log
		.child({}, { level: 'info' })
		.info(
			`Signflow console of "${link.organizationName}": ${engine.publicUrl}/console/login/${link.token} ` +
				`(one-time sign-in link, valid 15 minutes; another: npx signflow console-link --org ${organizationId} --data ${dataDir})`,
		);
}
