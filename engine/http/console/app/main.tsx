import { render } from 'preact';
import { useState } from 'preact/hooks';
import './console.css';
import { configureApi } from './api';
import { useRoute } from './router';
import { Shell, type Session } from './Shell';
import { SignIn } from './SignIn';
import { DraftEditor } from './templates/DraftEditor';
import { TemplateEditor } from './templates/TemplateEditor';
import { TemplateList } from './templates/TemplateList';
import { texts } from './texts';
import { WebhookDetail } from './webhooks/WebhookDetail';
import { WebhookList } from './webhooks/WebhookList';
import { WorkflowDetail } from './WorkflowDetail';
import { WorkflowList } from './WorkflowList';

type Boot = { signedIn: false } | ({ signedIn: true; csrfToken: string } & Session);

function App(props: { boot: Boot }) {
	const [ended, setEnded] = useState(false);
	const route = useRoute();
	if (!props.boot.signedIn || ended) return <SignIn notice={ended ? texts.shell.sessionEnded : undefined} />;
	configureApi(props.boot.csrfToken, () => setEnded(true));
	return (
		<Shell session={props.boot}>
			{route.screen === 'workflow' ? (
				<WorkflowDetail workflowId={route.workflowId} />
			) : route.screen === 'templates' ? (
				<TemplateList query={route.query} />
			) : route.screen === 'draftFields' ? (
				<DraftEditor workflowId={route.workflowId} />
			) : route.screen === 'template' ? (
				<TemplateEditor templateId={route.templateId} />
			) : route.screen === 'webhooks' ? (
				<WebhookList />
			) : route.screen === 'webhook' ? (
				<WebhookDetail webhookId={route.webhookId} />
			) : (
				<WorkflowList query={route.query} />
			)}
		</Shell>
	);
}

const boot = JSON.parse(document.getElementById('console-boot')?.textContent ?? '{"signedIn":false}') as Boot;
const root = document.getElementById('console')!;
root.textContent = '';
render(<App boot={boot} />, root);
