import { useMemo } from 'preact/hooks';
import { EditorPage } from '../editor/EditorPage';
import { editorTexts } from '../editor/editorTexts';
import { templateSource } from '../editor/templateSource';

/** A template's page: its name, and the field editor on its files and roles. */
export function TemplateEditor(props: { templateId: string }) {
	const source = useMemo(() => templateSource(props.templateId), [props.templateId]);
	return <EditorPage source={source} back={{ url: '/console/templates', label: editorTexts.editor.back }} className="template-editor" />;
}
