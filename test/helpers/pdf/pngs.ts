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
 * Each row's PNG filter: 'none' (type 0, as this helper writes by default),
 * 'mixed' (row y gets type y % 5: None, Sub, Up, Average, Paeth, as browsers'
 * encoders choose per row), or one type for every row.
 */
export type PngFilters = 'none' | 'mixed' | 0 | 1 | 2 | 3 | 4;

/**
 * A width x height PNG with an ink stroke looping across it (the same bytes
 * every call). `opaque` paints the background white instead of leaving it
 * transparent; a palette PNG has four inks and a transparent entry.
 * `noise` replaces every sample with a pseudo-random byte.
 */
export function strokePng(kind: PngKind = 'rgba', options: { width?: number; height?: number; opaque?: boolean; filters?: PngFilters; noise?: boolean } = {}): Buffer {
	const { width = 480, height = 160, opaque = false, filters = 'none', noise = false } = options;
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
	// Noise: every sample a pseudo-random byte (the same every call), so each filter meets every case of its arithmetic.
	if (noise)
		for (let at = 0, seed = 0x2545f491; at < pixels.length; at += 1) {
			seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
			if (at % stride !== 0) pixels[at] = seed >>> 24;
		}
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
		chunk('IDAT', deflateSync(filtered(pixels, stride, bytesPerPixel, filters))),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/** The rows (each a 0 byte and its pixels) with each row's filter applied and its type in the leading byte. */
function filtered(rows: Buffer, stride: number, bpp: number, filters: PngFilters): Buffer {
	if (filters === 'none') return rows;
	const out = Buffer.alloc(rows.length);
	const height = rows.length / stride;
	for (let y = 0; y < height; y += 1) {
		const type = filters === 'mixed' ? y % 5 : filters;
		const at = y * stride + 1;
		out[at - 1] = type;
		for (let x = 0; x < stride - 1; x += 1) {
			const raw = rows[at + x];
			const left = x >= bpp ? rows[at + x - bpp] : 0;
			const up = y > 0 ? rows[at + x - stride] : 0;
			const upLeft = y > 0 && x >= bpp ? rows[at + x - stride - bpp] : 0;
			const predicted = [0, left, up, (left + up) >>> 1, paeth(left, up, upLeft)][type];
			out[at + x] = (raw - predicted) & 0xff;
		}
	}
	return out;
}

function paeth(left: number, up: number, upLeft: number): number {
	const estimate = left + up - upLeft;
	const [a, b, c] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
	return a <= b && a <= c ? left : b <= c ? up : upLeft;
}

/** The PNG with its chunks rebuilt by `edit` (type and data of each; CRCs recomputed). */
export function rechunkedPng(png: Buffer, edit: (chunks: Array<{ type: string; data: Buffer }>) => Array<{ type: string; data: Buffer }>): Buffer {
	const chunks: Array<{ type: string; data: Buffer }> = [];
	for (let offset = 8; offset + 8 <= png.length; ) {
		const length = png.readUInt32BE(offset);
		chunks.push({ type: png.toString('ascii', offset + 4, offset + 8), data: png.subarray(offset + 8, offset + 8 + length) });
		offset += 12 + length;
	}
	return Buffer.concat([png.subarray(0, 8), ...edit(chunks).map(({ type, data }) => chunk(type, data))]);
}
