import {
	DEFAULT_PRIMARY_COLOR,
	newId,
	notFound,
	type Branding,
	type EventContext,
	type Principal,
	type UpdateBrandingInput,
} from '../domain';
import type { StoredBranding } from '../store/port';
import { insertAsset, storeImage, type ServiceOptions, type StoredImage } from './shared';

/** An organization's look on the signing pages and in emails: colour, logo, icon. */
export class BrandingSettings {
	constructor(private readonly options: Pick<ServiceOptions, 'store' | 'blobs' | 'clock' | 'recorder'>) {}

	async get(principal: Principal): Promise<Branding> {
		const row = await this.options.store.read((repository) => repository.branding.get(principal.organizationId));
		return toBranding(row ?? defaultBrandingRow(principal.organizationId, this.options.clock.now().toISOString()));
	}

	async update(principal: Principal, input: UpdateBrandingInput, context: EventContext): Promise<Branding> {
		const { blobs } = this.options;
		const images = {
			logo: input.logo ? await storeImage(blobs, input.logo.contentBase64, 'logo') : input.logo,
			icon: input.icon ? await storeImage(blobs, input.icon.contentBase64, 'icon') : input.icon,
		};
		const at = this.options.clock.now().toISOString();
		return this.options.store.transaction(async (repository) => {
			const current = (await repository.branding.get(principal.organizationId)) ?? defaultBrandingRow(principal.organizationId, at);
			// undefined keeps the image, null removes it, a new image replaces it.
			const assetId = async (image: StoredImage | null | undefined, existing: string | null) => {
				if (image === undefined) return existing;
				if (image === null) return null;
				return insertAsset(repository, blobs, principal.organizationId, image, at);
			};
			const next: StoredBranding = {
				...current,
				primaryColor: input.primaryColor === undefined ? current.primaryColor : input.primaryColor,
				logoAssetId: await assetId(images.logo, current.logoAssetId),
				iconAssetId: await assetId(images.icon, current.iconAssetId),
				updatedAt: at,
			};
			await repository.branding.upsert(next);
			await this.options.recorder.record(repository, {
				organizationId: principal.organizationId,
				events: [{ type: 'interface.updated', workflowId: null, data: { changed: Object.keys(input) } }],
				context,
				at,
			});
			return toBranding(next);
		});
	}

	async getImage(principal: Principal, which: 'logo' | 'icon'): Promise<{ mimeType: string; bytes: Buffer }> {
		const asset = await this.options.store.read(async (repository) => {
			const row = await repository.branding.get(principal.organizationId);
			const assetId = which === 'logo' ? row?.logoAssetId : row?.iconAssetId;
			return assetId ? repository.assets.get(principal.organizationId, assetId) : null;
		});
		if (!asset) throw notFound(which);
		return { mimeType: asset.mimeType, bytes: await this.options.blobs.get(asset.sha256) };
	}
}

/** The branding row of an organization that has not chosen any. */
export function defaultBrandingRow(organizationId: string, at: string): StoredBranding {
	return {
		interfaceId: newId(),
		organizationId,
		primaryColor: null,
		iconAssetId: null,
		logoAssetId: null,
		createdAt: at,
		updatedAt: at,
	};
}

function toBranding(row: StoredBranding): Branding {
	return {
		interfaceId: row.interfaceId,
		organizationId: row.organizationId,
		primaryColor: row.primaryColor ?? DEFAULT_PRIMARY_COLOR,
		iconFileId: row.iconAssetId,
		logoFileId: row.logoAssetId,
		isDefault: row.primaryColor === null && row.iconAssetId === null && row.logoAssetId === null,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
	};
}
