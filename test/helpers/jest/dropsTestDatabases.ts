import { TestEnvironment } from 'jest-environment-node';
import { CREATED_DATABASES, dropDatabase } from '../engine/testDatabase';

/**
 * Node's environment, plus: after a test file, whatever its outcome, drop every PostgreSQL
 * database it made (testDatabase.ts lists them on the file's global). This runs after all of
 * the file's own afterAll hooks, so no engine of the file is still using one.
 */
export default class DropsTestDatabases extends TestEnvironment {
	async teardown(): Promise<void> {
		const created = (this.global as Record<string, unknown>)[CREATED_DATABASES];
		const failures: string[] = [];
		for (const name of Array.isArray(created) ? [...(created as string[])] : []) {
			await dropDatabase(name).catch((error: unknown) => failures.push(`${name}: ${String(error)}`));
		}
		await super.teardown();
		if (failures.length) throw new Error(`Could not drop the test databases ${failures.join('; ')}`);
	}
}
