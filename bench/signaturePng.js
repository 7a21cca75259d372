// A drawn signature as the signing page's canvas exports it: a transparent RGBA PNG with one
// anti-aliased ink stroke, about the size signature_pad produces, made here so no fixture is needed.
'use strict';
const zlib = require('node:zlib');

function chunk(type, data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(zlib.crc32(body));
	return Buffer.concat([length, body, crc]);
}

/** A width x height PNG with a looping stroke across it (deterministic: the same bytes every call). */
function signaturePng(width = 480, height = 160) {
	const pixels = Buffer.alloc((width * 4 + 1) * height);
	const ink = (x, y, alpha) => {
		if (x < 0 || y < 0 || x >= width || y >= height) return;
		const at = y * (width * 4 + 1) + 1 + x * 4;
		pixels[at] = 16;
		pixels[at + 1] = 32;
		pixels[at + 2] = 110;
		pixels[at + 3] = Math.max(pixels[at + 3], alpha);
	};
	for (let t = 0; t < 4000; t += 1) {
		const u = t / 4000;
		const cx = 20 + u * (width - 40) + 18 * Math.sin(u * 40);
		const cy = height / 2 + (height / 3) * Math.sin(u * 9) * Math.cos(u * 3) + 14 * Math.cos(u * 40);
		for (let dx = -2; dx <= 2; dx += 1)
			for (let dy = -2; dy <= 2; dy += 1) {
				const d = Math.hypot(dx, dy);
				if (d <= 2.2) ink(Math.round(cx + dx), Math.round(cy + dy), Math.round(255 * Math.min(1, 2.4 - d)));
			}
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', zlib.deflateSync(pixels)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

module.exports = { signaturePng };
