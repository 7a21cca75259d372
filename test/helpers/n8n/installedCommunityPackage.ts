import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { N8nInstall } from './installedN8n';

const ROOT = path.resolve(__dirname, '../../..');
export const PACKAGE_NAME = 'n8n-nodes-signflow';

let packed: string | undefined;

/** `npm pack` of this repository (dist/ must be built): the tarball a registry would serve. */
export function packTarball(): string {
	// SIGNFLOW_TARBALL: try another build (an older release, say) through the same tests.
	if (!packed && process.env.SIGNFLOW_TARBALL) packed = path.resolve(process.env.SIGNFLOW_TARBALL);
	if (!packed) {
		const destination = mkdtempSync(path.join(os.tmpdir(), 'signflow-pack-'));
		const output = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: ROOT, encoding: 'utf8' });
		const [{ filename }] = JSON.parse(output.slice(output.indexOf('['))) as Array<{ filename: string }>;
		packed = path.join(destination, filename);
	}
	return packed;
}

/**
 * A PATH holding only node and npm: no compiler, no make, no python, so any
 * dependency that still needed to build itself would fail to.
 */
function compilerFreePath(node: string): string {
	const bin = mkdtempSync(path.join(os.tmpdir(), 'signflow-nocc-'));
	symlinkSync(node, path.join(bin, 'node'));
	const npmCli = realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
	symlinkSync(npmCli, path.join(bin, 'npm'));
	return bin;
}

export interface CommunityInstall {
	/** Where the package now lives: <user folder>/.n8n/nodes/node_modules/n8n-nodes-signflow */
	packageDir: string;
	seconds: number;
	/** Size on disk of the installed package with its dependencies. */
	bytes: number;
}

/**
 * Installs a tarball into an n8n user folder exactly as n8n's Settings ->
 * Community Nodes does (CommunityPackagesService.downloadPackage in n8n 2.8.4
 * and 2.41.0): unpack into .n8n/nodes/node_modules/<name>, drop the
 * package's dev, peer and optional dependencies from its package.json, then
 * `npm install --audit=false --fund=false --bin-links=false
 * --install-strategy=shallow --ignore-scripts=true --package-lock=false`
 * in that folder, run by the Node that runs that n8n, with no compiler on
 * the PATH; finally record it in .n8n/nodes/package.json.
 */
export function installLikeN8n(tarball: string, userFolder: string, n8n: N8nInstall): CommunityInstall {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	mkdirSync(packageDir, { recursive: true });
	writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));

	const started = process.hrtime.bigint();
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const manifestFile = path.join(packageDir, 'package.json');
	const { devDependencies: _dev, peerDependencies: _peer, optionalDependencies: _optional, ...manifest } = JSON.parse(readFileSync(manifestFile, 'utf8'));
	writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
	const bin = compilerFreePath(n8n.node);
	execFileSync(
		'npm',
		['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false', '--loglevel=error'],
		{ cwd: packageDir, env: { ...process.env, PATH: bin, npm_config_nodedir: undefined }, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;

	const nodesManifest = JSON.parse(readFileSync(path.join(nodesDir, 'package.json'), 'utf8'));
	nodesManifest.dependencies[PACKAGE_NAME] = manifest.version;
	writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify(nodesManifest, null, 2));
	return { packageDir, seconds, bytes: diskUsage(packageDir) };
}

/** Bytes of every file under a folder (symbolic links not followed). */
export function diskUsage(folder: string): number {
	let total = 0;
	for (const entry of readdirSync(folder, { withFileTypes: true })) {
		const full = path.join(folder, entry.name);
		if (entry.isDirectory()) total += diskUsage(full);
		else if (entry.isFile()) total += statSync(full).size;
	}
	return total;
}
