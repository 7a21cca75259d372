import { z } from 'zod';
import type { SignflowService } from '../../app/service';
import type { ApiRouter } from '../route';
import { BrandingBody, BrandingResponse } from '../schemas';

export function brandingRoutes(api: ApiRouter, service: SignflowService): void {
	const tag = 'Interface';

	api.define({
		method: 'GET',
		path: '/interface',
		operationId: 'getBranding',
		summary: "Get the organization's branding (defaults when unset)",
		tag,
		responses: { 200: { description: 'The branding', schema: BrandingResponse } },
		handler: ({ principal }) => service.getBranding(principal),
	});

	api.define({
		method: 'PUT',
		path: '/interface',
		operationId: 'updateBranding',
		summary: "Update the organization's branding: primary color, logo, icon",
		tag,
		body: BrandingBody,
		bodyLimit: 6 * 1024 * 1024,
		responses: { 200: { description: 'The updated branding', schema: BrandingResponse } },
		handler: ({ principal, body, event }) => service.updateBranding(principal, body, event),
	});

	for (const which of ['logo', 'icon'] as const)
		api.define({
			method: 'GET',
			path: `/interface/${which}`,
			operationId: `getBranding${which[0].toUpperCase()}${which.slice(1)}`,
			summary: `Download the organization's ${which} image`,
			tag,
			query: z.strictObject({}),
			responses: { 200: { description: `The ${which} (PNG or JPEG)`, contentType: 'image/*' } },
			handler: async ({ principal, reply }) => {
				const image = await service.getBrandingImage(principal, which);
				return reply.header('content-type', image.mimeType).send(image.bytes);
			},
		});
}
