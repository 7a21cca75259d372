// The engine's layers, lowest first, and what each folder may import (besides
// itself and packages). engine/README.md draws the same picture. An import
// that points up a layer, or sideways between the delivery-side folders, fails
// `npm run lint` (and so `npm test`).
const BELOW_APP = ['domain', 'support', 'vendor', 'i18n', 'render', 'security', 'pdf', 'store', 'outbox'];

export const ENGINE_LAYERS = {
	domain: [],
	support: [],
	vendor: ['support'],
	i18n: ['domain', 'support'],
	render: ['domain', 'support', 'i18n'],
	security: ['domain', 'support'],
	pdf: ['domain', 'support', 'vendor', 'i18n', 'security'],
	store: ['domain', 'support', 'security'],
	outbox: ['domain', 'support', 'security', 'store'],
	app: BELOW_APP,
	finalize: [...BELOW_APP, 'app'],
	webhooks: [...BELOW_APP, 'app'],
	mail: [...BELOW_APP, 'app'],
	workers: [...BELOW_APP, 'app'],
	http: [...BELOW_APP, 'app'],
	runtime: [...BELOW_APP, 'app', 'finalize', 'webhooks', 'mail', 'workers', 'http'],
};

/** The files at the root of engine/: the entry points, above every folder. */
const ENTRY_POINTS = ['./engine/cli.ts', './engine/index.ts', './engine/embedded.ts'];

/** Zones for import-x/no-restricted-paths: each folder against every folder it may not import. */
export function layerZones() {
	const folders = Object.keys(ENGINE_LAYERS);
	const zones = [];
	for (const [folder, allowed] of Object.entries(ENGINE_LAYERS)) {
		const forbidden = folders.filter((other) => other !== folder && !allowed.includes(other));
		zones.push({
			target: `./engine/${folder}`,
			from: [...forbidden.map((other) => `./engine/${other}`), ...ENTRY_POINTS],
			message: `engine/${folder}/ may import only ${allowed.length ? allowed.map((name) => `${name}/`).join(', ') : 'packages'} (engine/README.md: imports point down the layers).`,
		});
	}
	zones.push({
		target: ['./nodes', './credentials'],
		from: './engine',
		except: ['./embedded.ts'],
		message: 'The nodes and the credential talk to the engine over HTTP; only the credential loads engine/embedded.ts (the embedded entry point).',
	});
	return zones;
}
