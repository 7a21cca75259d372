import { useEffect, useRef, useState } from 'preact/hooks';
import { editorTexts } from './editorTexts';
import { FieldBox } from './FieldBox';
import { shownSize, type PageSize } from './geometry';
import type { EditorField, EditorFile, Party } from './model';
import { openPdf, type PdfDocument } from './pdfjs';

export interface PageHandlers {
	select(key: string | null): void;
	change(key: string, field: Partial<EditorField>): void;
	remove(key: string): void;
}

/** One file's pages, rendered by pdf.js at the given width, each with its fields on top. */
export function PdfPages(props: {
	file: EditorFile;
	url: string;
	width: number;
	fields: readonly EditorField[];
	parties: readonly Party[];
	selected: string | null;
	handlers: PageHandlers;
}) {
	const { file } = props;
	const [pdf, setPdf] = useState<PdfDocument | null>(null);
	const [failed, setFailed] = useState(false);
	useEffect(() => {
		let current = true;
		let opened: PdfDocument | null = null;
		openPdf(props.url).then(
			(document) => {
				opened = document;
				if (current) setPdf(document);
				else void document.destroy();
			},
			() => current && setFailed(true),
		);
		return () => {
			current = false;
			void opened?.destroy();
		};
	}, [props.url]);
	return (
		<div class="editor-file" data-file={file.id}>
			{failed && (
				<p class="error" role="alert">
					{editorTexts.editor.pdfFailed}
				</p>
			)}
			{!pdf && !failed && <p class="muted">{editorTexts.editor.loadingPdf}</p>}
			{file.pages.map((page, index) => (
				<Page
					key={index}
					pdf={pdf}
					file={file}
					number={index + 1}
					page={page}
					width={props.width}
					fields={props.fields.filter((field) => field.page === index + 1)}
					parties={props.parties}
					selected={props.selected}
					handlers={props.handlers}
				/>
			))}
		</div>
	);
}

function Page(props: {
	pdf: PdfDocument | null;
	file: EditorFile;
	number: number;
	page: PageSize;
	width: number;
	fields: readonly EditorField[];
	parties: readonly Party[];
	selected: string | null;
	handlers: PageHandlers;
}) {
	const { page, number } = props;
	const canvas = useRef<HTMLCanvasElement>(null);
	const shown = shownSize(page);
	const scale = props.width / shown.width;
	const [rendered, setRendered] = useState(false);

	useEffect(() => {
		if (!props.pdf || !canvas.current) return;
		let task: { cancel(): void; promise: Promise<void> } | null = null;
		let current = true;
		void props.pdf.getPage(number).then((pdfPage) => {
			if (!current || !canvas.current) return;
			// pdf.js turns the page by its /Rotate, as the engine's sizes say it is shown.
			const viewport = pdfPage.getViewport({ scale: props.width / pdfPage.getViewport({ scale: 1 }).width });
			const ratio = window.devicePixelRatio || 1;
			canvas.current.width = Math.floor(viewport.width * ratio);
			canvas.current.height = Math.floor(viewport.height * ratio);
			task = pdfPage.render({ canvas: canvas.current, canvasContext: canvas.current.getContext('2d')!, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
			task.promise.then(
				() => current && setRendered(true),
				() => undefined,
			);
		});
		return () => {
			current = false;
			task?.cancel();
		};
	}, [props.pdf, number, props.width]);

	const rotation = page.rotation % 360;
	return (
		<figure class="editor-page-frame">
			<figcaption class="muted">
				{editorTexts.editor.page(number, props.file.pageCount)}
				{rotation ? ` · ${editorTexts.editor.rotated(rotation)}` : ''}
			</figcaption>
			<div
				class={`editor-page${rendered ? ' rendered' : ''}`}
				data-file={props.file.id}
				data-page={number}
				data-rotation={rotation}
				data-shown-width={shown.width}
				style={{ width: `${props.width}px`, height: `${shown.height * scale}px` }}
				onPointerDown={(event) => event.target === event.currentTarget || (event.target as Element).tagName === 'CANVAS' ? props.handlers.select(null) : undefined}
			>
				<canvas ref={canvas} style={{ width: `${props.width}px`, height: `${shown.height * scale}px` }} />
				{props.fields.map((field) => (
					<FieldBox
						key={field.key}
						field={field}
						page={page}
						scale={scale}
						parties={props.parties}
						selected={props.selected === field.key}
						handlers={props.handlers}
					/>
				))}
			</div>
		</figure>
	);
}
