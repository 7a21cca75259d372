import type { PDFImage, RGB } from 'pdf-lib';
import { rgb } from 'pdf-lib';
import { firstStrongDirection, type BaseDirection } from './bidi';
import type { FlowLine } from './pageFlow';
import type { Face } from './text';
import { wrap } from './wrap';

export const GREY = rgb(0.42, 0.45, 0.5);
const TEXT = rgb(0.07, 0.07, 0.1);

export interface Geometry {
	width: number;
	height: number;
	margin: number;
	/** Text size factor: larger pages get larger text (zoom), and text shrinks a little to save a page (fit). */
	scale: number;
}

/**
 * Makes the lines of the certificate for one page geometry, in the certificate's
 * direction: a left-to-right certificate starts its lines at the left margin
 * and puts labels left of their values; a right-to-left one (Hebrew) mirrors
 * that. A paragraph may have a direction of its own (a consent text in its
 * signer's language), and is set against the margin it starts from.
 */
export class CertificateLines {
	readonly contentWidth: number;
	private readonly labelWidth: number;

	constructor(
		private readonly geometry: Geometry,
		private readonly faces: { sans: Face; bold: Face },
		private readonly accent: RGB,
		readonly direction: 'ltr' | 'rtl',
	) {
		this.contentWidth = geometry.width - 2 * geometry.margin;
		this.labelWidth = Math.min(120 * geometry.scale, this.contentWidth * 0.35);
	}

	private size(points: number): number {
		return points * this.geometry.scale;
	}

	/** A line of `face` that starts `inset` from the margin its direction starts from (the left or the right one), in a column `width` wide. */
	private line(
		face: Face,
		text: string,
		options: { size: number; height: number; color: RGB; direction: 'ltr' | 'rtl'; inset?: number; width?: number; alignRight?: boolean },
	): FlowLine {
		const { margin } = this.geometry;
		const inset = options.inset ?? 0;
		const width = options.width ?? this.contentWidth - inset;
		const rtl = options.alignRight ?? options.direction === 'rtl';
		return {
			height: options.height,
			draw: (page, top) => {
				// The certificate's direction decides where columns are; the paragraph's, which side of its column a line keeps to.
				const columnLeft = this.direction === 'rtl' ? margin + this.contentWidth - inset - width : margin + inset;
				const x = rtl ? columnLeft + width - face.widthOf(text, options.size) : columnLeft;
				face.drawAt(page, text, { x, y: top - options.height, size: options.size, color: options.color, direction: options.direction });
			},
		};
	}

	private resolve(text: string, direction: BaseDirection | undefined): 'ltr' | 'rtl' {
		const base = direction ?? this.direction;
		return base === 'auto' ? firstStrongDirection(text) : base;
	}

	/** A paragraph, wrapped to the text width; in the certificate's direction unless given one (`auto`: its first letter's). */
	text(text: string, options: { size?: number; bold?: boolean; color?: RGB; direction?: BaseDirection } = {}): FlowLine[] {
		const size = this.size(options.size ?? 9);
		const face = options.bold ? this.faces.bold : this.faces.sans;
		const direction = this.resolve(text, options.direction);
		return wrap(text, face, size, this.contentWidth).map((line) =>
			this.line(face, line, { size, height: size * 1.4, color: options.color ?? TEXT, direction }),
		);
	}

	/**
	 * A party's name and address. A right-to-left certificate sets the name
	 * from the right and the address, left to right, beside it: laid out as one
	 * line, the brackets of an address that ends a right-to-left line would
	 * face the wrong way.
	 */
	party(name: string, email: string): FlowLine[] {
		const address = `<${email}>`;
		if (this.direction === 'ltr') return this.text(`${name} ${address}`, { size: 10, bold: true });
		const face = this.faces.bold;
		const size = this.size(10);
		const gap = face.widthOf(' ', size);
		const nameWidth = face.widthOf(name, size);
		if (nameWidth + gap + face.widthOf(address, size) > this.contentWidth)
			return [...this.text(name, { size: 10, bold: true, direction: 'auto' }), ...this.text(address, { size: 10, bold: true, direction: 'ltr' })];
		const color = TEXT;
		const nameLine = this.line(face, name, { size, height: size * 1.4, color, direction: firstStrongDirection(name), width: nameWidth });
		const addressLine = this.line(face, address, { size, height: size * 1.4, color, direction: 'ltr', alignRight: true, inset: nameWidth + gap, width: this.contentWidth - nameWidth - gap });
		return [{ height: size * 1.4, draw: (page, top) => [nameLine, addressLine].forEach((line) => line.draw(page, top)) }];
	}

	/**
	 * A label and its value side by side, each wrapping in its column; on a
	 * narrow page the value goes under the label. A `whole` value (a hash) is
	 * set smaller rather than cut, down to 5.5 points, so it can be copied whole.
	 */
	field(label: string, value: string, options: { whole?: boolean } = {}): FlowLine[] {
		const { sans } = this.faces;
		const stacked = this.contentWidth - this.labelWidth < 300 * this.geometry.scale;
		const valueInset = stacked ? 0 : this.labelWidth;
		const valueWidth = this.contentWidth - valueInset;
		const labelSize = this.size(9);
		const text = value || '—';
		const size = options.whole ? Math.max(this.size(5.5), Math.min(labelSize, (valueWidth / sans.widthOf(text, 1)) * 0.999)) : labelSize;
		const direction = this.direction;
		const labelColumn = stacked ? this.contentWidth : this.labelWidth - this.size(6);
		const labels = wrap(label, sans, labelSize, labelColumn);
		const values = wrap(text, sans, size, valueWidth);
		const labelLine = (line: string, height: number) => this.line(sans, line, { size: labelSize, height, color: GREY, direction, width: labelColumn });
		const valueLine = (line: string, height: number) => this.line(sans, line, { size, height, color: TEXT, direction, inset: valueInset, width: valueWidth });
		if (stacked) return [...labels.map((line) => labelLine(line, labelSize * 1.4)), ...values.map((line) => valueLine(line, size * 1.4))];
		// Side by side, row by row: a row's label and value share its baseline.
		const rows: FlowLine[] = [];
		for (let index = 0; index < Math.max(labels.length, values.length); index += 1) {
			const height = Math.max(index < labels.length ? labelSize : 0, index < values.length ? size : 0) * 1.4;
			const parts = [...(index < labels.length ? [labelLine(labels[index], height)] : []), ...(index < values.length ? [valueLine(values[index], height)] : [])];
			rows.push({ height, draw: (page, top) => parts.forEach((part) => part.draw(page, top)) });
		}
		return rows;
	}

	heading(text: string): FlowLine[] {
		const space = (points: number): FlowLine => ({ height: this.size(points), draw: () => undefined });
		return [space(4), ...this.text(text, { size: 12, bold: true, color: this.accent }), space(2)];
	}

	rule(): FlowLine {
		const { margin, width } = this.geometry;
		return {
			height: this.size(10),
			draw: (page, top) => {
				const y = top - this.size(6);
				page.drawLine({ start: { x: margin, y }, end: { x: width - margin, y }, thickness: 0.5, color: GREY });
			},
		};
	}

	image(image: PDFImage, maxHeight: number, maxWidth: number): FlowLine {
		const scale = Math.min(this.size(maxHeight) / image.height, Math.min(this.size(maxWidth), this.contentWidth) / image.width, 1);
		const height = image.height * scale;
		const width = image.width * scale;
		const { margin } = this.geometry;
		const x = this.direction === 'rtl' ? margin + this.contentWidth - width : margin;
		return {
			height: height + this.size(8),
			draw: (page, top) => page.drawImage(image, { x, y: top - height, width, height }),
		};
	}
}
