import { PACKAGE_VERSION } from './paths';

/** The package's version, read from its package.json. */
export function packageVersion(): string {
	return PACKAGE_VERSION;
}
