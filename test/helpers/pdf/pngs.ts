import { crc32, deflateSync } from 'node:zlib';

/*
 * PNGs made here, so no image fixture is needed: a drawn signature as the
 * signing page's canvas exports it, and the other kinds of PNG people upload.
 */

function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

export type PngKind = 'rgba' | 'rgb' | 'gray' | 'gray-alpha' | 'palette' | 'rgba16';

const CHANNELS: Record<PngKind, number> = { rgba: 4, rgb: 3, gray: 1, 'gray-alpha': 2, palette: 1, rgba16: 8 };
const COLOR_TYPE: Record<PngKind, number> = { rgba: 6, rgb: 2, gray: 0, 'gray-alpha': 4, palette: 3, rgba16: 6 };

/**
 * A width x height PNG with an ink stroke looping across it (the same bytes
 * every call). `opaque` paints the background white instead of leaving it
 * transparent; a palette PNG has four inks and a transparent entry.
 */
export function strokePng(kind: PngKind = 'rgba', options: { width?: number; height?: number; opaque?: boolean } = {}): Buffer {
	const { width = 480, height = 160, opaque = false } = options;
	const bytesPerPixel = CHANNELS[kind];
	const stride = width * bytesPerPixel + 1;
	const pixels = Buffer.alloc(stride * height);
	const set = (x: number, y: number, ink: number) => {
		const at = y * stride + 1 + x * bytesPerPixel;
		// ink: 0 (background) to 255 (full ink)
		const rgb = [Math.round(16 + (1 - ink / 255) * 239), Math.round(32 + (1 - ink / 255) * 223), Math.round(110 + (1 - ink / 255) * 145)];
		const alpha = opaque ? 255 : ink;
		if (kind === 'rgba') pixels.set([...(opaque ? rgb : [16, 32, 110]), alpha], at);
		else if (kind === 'rgb') pixels.set(rgb, at);
		else if (kind === 'gray') pixels[at] = 255 - ink;
		else if (kind === 'gray-alpha') pixels.set([40, alpha], at);
		else if (kind === 'palette') pixels[at] = ink === 0 ? 0 : 1 + Math.min(3, Math.floor(ink / 64));
		else for (const [index, value] of [...(opaque ? rgb : [16, 32, 110]), alpha].entries()) pixels.writeUInt16BE(value * 257 - (index === 3 ? 0 : 3), at + index * 2);
	};
	const inks = new Uint8Array(width * height);
	for (let t = 0; t < 4000; t += 1) {
		const u = t / 4000;
		const cx = 20 + u * (width - 40) + 18 * Math.sin(u * 40);
		const cy = height / 2 + (height / 3) * Math.sin(u * 9) * Math.cos(u * 3) + 14 * Math.cos(u * 40);
		for (let dx = -2; dx <= 2; dx += 1)
			for (let dy = -2; dy <= 2; dy += 1) {
				const x = Math.round(cx + dx);
				const y = Math.round(cy + dy);
				const distance = Math.hypot(dx, dy);
				if (distance <= 2.2 && x >= 0 && y >= 0 && x < width && y < height)
					inks[y * width + x] = Math.max(inks[y * width + x], Math.round(255 * Math.min(1, 2.4 - distance)));
			}
	}
	for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) set(x, y, inks[y * width + x]);
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([kind === 'rgba16' ? 16 : 8, COLOR_TYPE[kind], 0, 0, 0], 8);
	const palette =
		kind === 'palette'
			? [chunk('PLTE', Buffer.from([255, 255, 255, 200, 200, 230, 120, 130, 190, 60, 70, 150, 16, 32, 110])), chunk('tRNS', Buffer.from([0]))]
			: [];
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		...palette,
		chunk('IDAT', deflateSync(pixels)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
