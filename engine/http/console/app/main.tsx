import { render } from 'preact';
import { useState } from 'preact/hooks';
import './console.css';
import { configureApi } from './api';
import { useRoute } from './router';
import { Shell, type Session } from './Shell';
import { Settings } from './Settings';
import { SignIn } from './SignIn';
import { texts } from './texts';
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
			) : route.screen === 'settings' ? (
				<Settings section={route.section} />
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
