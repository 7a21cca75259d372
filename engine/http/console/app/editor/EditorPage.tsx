import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../api';
import { Alert } from '../Feedback';
import { follow } from '../router';
import { texts } from '../texts';
import { FieldEditor } from './FieldEditor';
import type { EditorDocument, EditorSource } from './model';

/** A page holding the field editor: a way back, the document's name, the editor once loaded. */
export function EditorPage(props: { source: EditorSource; back: { url: string; label: string }; className: string }) {
	const [document, setDocument] = useState<EditorDocument | null>(null);
	const [error, setError] = useState('');
	useEffect(() => {
		let current = true;
		setDocument(null);
		setError('');
		props.source.load().then(
			(loaded) => current && setDocument(loaded),
			(failure: unknown) => current && setError(errorText(failure, texts.errors.network)),
		);
		return () => {
			current = false;
		};
	}, [props.source]);
	return (
		<section class={`editor-page-screen ${props.className}`}>
			<a class="back" href={props.back.url} onClick={(event) => follow(event, props.back.url)}>
				← {props.back.label}
			</a>
			<Alert text={error} />
			{!document && !error && <p class="muted">{texts.list.loading}</p>}
			{document && (
				<>
					<h1>{document.name}</h1>
					<FieldEditor key={document.id} source={props.source} initial={document} />
				</>
			)}
		</section>
	);
}
