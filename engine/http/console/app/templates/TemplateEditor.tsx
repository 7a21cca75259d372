import { useEffect, useMemo, useState } from 'preact/hooks';
import { errorText } from '../api';
import { editorTexts } from '../editor/editorTexts';
import { FieldEditor } from '../editor/FieldEditor';
import { templateSource, type TemplateDetail } from '../editor/templateSource';
import { follow } from '../router';
import { texts } from '../texts';

/** A template's page: its name, and the field editor on its files and roles. */
export function TemplateEditor(props: { templateId: string }) {
	const source = useMemo(() => templateSource(props.templateId), [props.templateId]);
	const [template, setTemplate] = useState<TemplateDetail | null>(null);
	const [error, setError] = useState('');
	useEffect(() => {
		let current = true;
		setTemplate(null);
		setError('');
		source.load().then(
			(loaded) => current && setTemplate(loaded),
			(failure: unknown) => current && setError(errorText(failure, texts.errors.network)),
		);
		return () => {
			current = false;
		};
	}, [source]);
	return (
		<section class="template-editor">
			<a class="back" href="/console/templates" onClick={(event) => follow(event, '/console/templates')}>
				← {editorTexts.editor.back}
			</a>
			{error && (
				<p class="error" role="alert">
					{error}
				</p>
			)}
			{!template && !error && <p class="muted">{texts.list.loading}</p>}
			{template && (
				<>
					<h1>{template.name}</h1>
					<FieldEditor key={template.id} source={source} initial={template} />
				</>
			)}
		</section>
	);
}
