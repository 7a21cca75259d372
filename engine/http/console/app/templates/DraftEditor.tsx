import { useMemo } from 'preact/hooks';
import { draftSource } from '../editor/draftSource';
import { EditorPage } from '../editor/EditorPage';
import { editorTexts } from '../editor/editorTexts';

/** A draft's fields placed with the mouse: its signers beside the pages. */
export function DraftEditor(props: { workflowId: string }) {
	const source = useMemo(() => draftSource(props.workflowId), [props.workflowId]);
	return <EditorPage source={source} back={{ url: `/console/workflows/${props.workflowId}`, label: editorTexts.editor.backToWorkflow }} className="draft-editor" />;
}
