import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { guarded, withCommitGuard, type CommitGuard } from '../../../engine/store/commitGuard';
import type { Repository } from '../../../engine/store/port';
import { gate } from '../../helpers/waits';

/** A guard that records the transactions it checked, by the name of the request that opened them. */
function guardOf(name: string, checked: string[]): CommitGuard {
	return {
		check: () => {
			checked.push(name);
			return Promise.resolve();
		},
	};
}

const repository = {} as Repository;

/** What the store does with a transaction's work (here: answering `value`): wraps it when it is asked for, runs it later. */
async function transaction(value: string): Promise<string> {
	const wrapped = guarded(() => Promise.resolve(value));
	await Promise.resolve();
	return wrapped(repository);
}

describe('commit guards (the Idempotency-Key claim over a request\'s transactions)', () => {
	it('checks every transaction a guarded request opens, and none of another request', async () => {
		const checked: string[] = [];
		const result = await withCommitGuard(guardOf('Zoë Ångström’s offer', checked), async () => {
			await transaction('first');
			return transaction('second');
		});
		expect(result).toBe('second');
		expect(checked).toEqual(['Zoë Ångström’s offer', 'Zoë Ångström’s offer']);

		await transaction('unguarded');
		expect(checked).toHaveLength(2);
	});

	it('keeps each concurrent request to its own guard', async () => {
		const checked: string[] = [];
		const first = gate();
		const second = gate();
		const arabic = withCommitGuard(guardOf('عقد العمل', checked), async () => {
			await first.wait;
			return transaction('ar');
		});
		const chinese = withCommitGuard(guardOf('劳动合同 📄', checked), async () => {
			await second.wait;
			return transaction('zh');
		});
		second.release();
		await chinese;
		first.release();
		await arabic;
		expect(checked).toEqual(['劳动合同 📄', 'عقد العمل']);
	});

	it('leaves promise hooks off once no guarded request is working, and only then', () => {
		const output = execFileSync(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, '../../helpers/engine/commitGuardHooks.ts')], { encoding: 'utf8' });
		const tracked = JSON.parse(output) as Record<'before' | 'inside' | 'afterOne' | 'whileAnotherWorks' | 'afterAll', boolean>;
		// Node 24's AsyncLocalStorage (async context frames) needs no promise hooks: nothing to switch off there.
		const hookBased = tracked.inside;
		expect(tracked).toEqual({ before: false, inside: hookBased, afterOne: false, whileAnotherWorks: hookBased, afterAll: false });
	});
});
