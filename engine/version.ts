import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The package's version, read from the package.json above this file (source or dist). */
export function packageVersion(): string {
	for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const file = path.join(dir, 'package.json');
		if (!existsSync(file)) continue;
		const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
		if (pkg.name === 'n8n-nodes-signflow') return pkg.version ?? '0.0.0';
	}
	return '0.0.0';
}
