// n8n's community-node rules for the nodes and the credential (in the
// configuration for self-hosted n8n: the package ships the engine); for all
// TypeScript, typescript-eslint's type-checked rules, import order, and the
// engine's layers (eslint.layers.mjs): an import that points up fails the build.
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { layerZones } from './eslint.layers.mjs';

export default defineConfig([
	// Browser scripts of the signing page are served as they are; bench/ and the build scripts are plain Node.
	globalIgnores(['dist', 'node_modules', 'coverage', '.tmp', '**/*.js', '**/*.mjs', 'engine/http/signing/assets/**']),
	{
		files: ['**/*.ts', '**/*.tsx'],
		extends: [tseslint.configs.recommendedTypeChecked],
		plugins: { 'import-x': importX },
		languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		settings: {
			'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
			// Without a parser for .ts and .tsx, no-cycle cannot read the modules an import leads to.
			'import-x/extensions': ['.ts', '.tsx', '.js'],
			'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
		},
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
			'import-x/order': [
				'error',
				{
					groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
					alphabetize: { order: 'asc', caseInsensitive: true },
				},
			],
			'import-x/no-restricted-paths': ['error', { zones: layerZones() }],
			'import-x/no-cycle': 'error',
		},
	},
	{
		// The console's event handlers (onClick={async () => ...}) report their own failures; a promise
		// given to a JSX attribute is how Preact components are written.
		files: ['**/*.tsx'],
		rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }] },
	},
	{
		// Tests read parsed JSON responses, which are `any` by nature: typing every body would only
		// restate the API's schemas. The rules about promises, awaits and methods stay on.
		files: ['test/**/*.ts'],
		rules: {
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-return': 'off',
			'@typescript-eslint/no-explicit-any': 'off',
		},
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		...n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport,
	},
	{
		files: ['package.json'],
		rules: {
			// The e-signature engine (SQLite driver, PDF library, HTTP server) ships inside this package:
			// it is for self-hosted n8n only, which the README states. The nodes themselves import none of it.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
]);
