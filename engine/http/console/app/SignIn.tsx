import { useState } from 'preact/hooks';
import { consolePost } from './api';
import { Alert } from './Feedback';
import { texts } from './texts';

/** Sign-in with an API key: posted to the engine, which sets the session's cookie; the key is not kept here. */
export function SignIn(props: { notice?: string }) {
	const [key, setKey] = useState('');
	const [error, setError] = useState(props.notice ?? '');
	const [working, setWorking] = useState(false);

	const submit = async (event: Event) => {
		event.preventDefault();
		setWorking(true);
		setError('');
		try {
			const result = await consolePost('/console/sign-in', { apiKey: key });
			if (result.ok) {
				setKey('');
				// A fresh page: its boot data carries the new session's CSRF token.
				location.reload();
				return;
			}
			setError(result.message || texts.errors.generic);
		} catch {
			setError(texts.errors.network);
		}
		setWorking(false);
	};

	return (
		<main class="sign-in">
			<h1>{texts.product}</h1>
			<form class="card" onSubmit={submit} autocomplete="off">
				<h2>{texts.signIn.title}</h2>
				<p>{texts.signIn.intro}</p>
				<label for="api-key">{texts.signIn.apiKey}</label>
				<input
					id="api-key"
					name="api-key"
					type="password"
					autocomplete="off"
					spellcheck={false}
					placeholder={texts.signIn.placeholder}
					value={key}
					onInput={(event) => setKey((event.target as HTMLInputElement).value)}
					required
				/>
				<Alert text={error} />
				<button type="submit" class="primary" disabled={working}>
					{working ? texts.signIn.working : texts.signIn.submit}
				</button>
				<p class="hint">
					{texts.signIn.linkHint} <code>{texts.signIn.linkCommand}</code>
				</p>
			</form>
		</main>
	);
}
