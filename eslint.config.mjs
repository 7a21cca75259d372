// n8n's community-node rules, in the configuration for self-hosted n8n
// (the package ships runtime dependencies because the engine is bundled).
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

export default defineConfig([
	globalIgnores(['dist', 'node_modules', 'coverage', 'test', 'bench', 'engine', '*.js', '*.mjs']),
	{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{ files: ['**/*.ts', 'package.json'], ...n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport },
	{
		files: ['package.json'],
		rules: {
			// The e-signature engine (SQLite driver, PDF library, HTTP server) ships inside this package:
			// it is for self-hosted n8n only, which the README states. The nodes themselves import none of it.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
]);
