import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { n8nInstall, type N8nVersion } from '../helpers/n8n/installedN8n';

/*
 * The nodes take n8n-workflow from the n8n that loads them, not from this package (a peer
 * dependency): every value they use must be exported by the n8n-workflow of each n8n the tests
 * run. n8n 2.41's no longer exports sleepWithAbort, which 2.8's does; a path that used it failed
 * only in the newer n8n, and only when taken.
 */
const DIST = path.resolve(__dirname, '../../dist');

function builtFiles(folder: string): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(folder, entry.name);
		if (entry.isDirectory()) return builtFiles(full);
		return entry.name.endsWith('.js') ? [full] : [];
	});
}

/** Every name the built nodes and credentials read off n8n-workflow, with the files that do. */
function namesUsed(): Map<string, string[]> {
	const used = new Map<string, string[]>();
	for (const file of [...builtFiles(path.join(DIST, 'nodes')), ...builtFiles(path.join(DIST, 'credentials'))]) {
		const code = readFileSync(file, 'utf8');
		for (const [, binding] of code.matchAll(/\b(\w+)\s*=\s*(?:__importStar\()?require\("n8n-workflow"\)/g)) {
			for (const [, name] of code.matchAll(new RegExp(`\\b${binding}\\.(\\w+)`, 'g'))) used.set(name, [...(used.get(name) ?? []), path.relative(DIST, file)]);
		}
	}
	return used;
}

/** The names n8n-workflow exports in n8n `version`, read by that n8n's own Node.js. */
function exportedBy(version: N8nVersion): Set<string> {
	const install = n8nInstall(version);
	const n8nPackage = path.resolve(path.dirname(install.bin), '..');
	const script = "console.log(JSON.stringify(Object.keys(require(require.resolve('n8n-workflow', { paths: [process.argv[1]] })))))";
	return new Set(JSON.parse(execFileSync(install.node, ['-e', script, n8nPackage], { encoding: 'utf8' })) as string[]);
}

describe('what the nodes take from n8n-workflow', () => {
	const used = namesUsed();

	it('finds the names the built nodes use', () => {
		expect(used.get('NodeApiError')).toBeDefined();
		expect(used.get('NodeOperationError')).toBeDefined();
	});

	it.each(['2.8.4', '2.41.0'] as const)('is all exported by the n8n-workflow of n8n %s', (version) => {
		const exported = exportedBy(version);
		const missing = [...used].filter(([name]) => !exported.has(name)).map(([name, files]) => `${name} (${[...new Set(files)].join(', ')})`);
		expect(missing).toEqual([]);
	}, 120_000);
});
