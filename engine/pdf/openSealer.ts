import { LocalP12Sealer } from './localP12Sealer';
import type { Sealer, SealerSpec } from './sealer';

/** The sealer a spec describes. */
export function openSealer(spec: SealerSpec): Sealer {
	switch (spec.kind) {
		case 'local-p12':
			return new LocalP12Sealer(spec.identity);
	}
}
