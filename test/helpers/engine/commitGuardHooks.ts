// Run as its own process (node --require tsx/cjs), since Jest keeps promise hooks on in its own:
// whether promises are tracked before, during and after guarded runs of engine/store/commitGuard.ts.
// Prints one JSON line.
import { executionAsyncId } from 'node:async_hooks';
import { withCommitGuard } from '../../../engine/store/commitGuard';
import { gate } from '../waits';

/** Whether promises are being tracked: each continuation then runs under an async id of its own. */
async function promisesTracked(): Promise<boolean> {
	await Promise.resolve();
	const first = executionAsyncId();
	await Promise.resolve();
	return executionAsyncId() !== first;
}

const guard = { check: () => Promise.resolve() };

async function main() {
	const before = await promisesTracked();
	const inside = await withCommitGuard(guard, promisesTracked);
	const afterOne = await promisesTracked();
	const held = gate();
	const other = withCommitGuard(guard, () => held.wait);
	await withCommitGuard(guard, () => Promise.resolve());
	const whileAnotherWorks = await promisesTracked();
	held.release();
	await other;
	const afterAll = await promisesTracked();
	process.stdout.write(`${JSON.stringify({ before, inside, afterOne, whileAnotherWorks, afterAll })}\n`);
}

void main();
