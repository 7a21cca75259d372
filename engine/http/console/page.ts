import { escapeHtml } from '../../render/html';
import { jsonForHtml } from '../signing/inlineJson';

/** What the console page is given at load, in its JSON data block (the only inline script, not run). */
export type ConsoleBoot =
	| { signedIn: false }
	| {
			signedIn: true;
			/** Sent back in X-CSRF-Token with every change. */
			csrfToken: string;
			organization: { id: string; name: string };
			mode: 'live' | 'test';
			signedInWith: 'api_key' | 'login_link';
			pdfjs: PdfJsUrls;
	  };

/** Where the field editor finds pdf.js: the signing page's vendored build, served by the engine. */
export interface PdfJsUrls {
	module: string;
	worker: string;
	standardFontDataUrl: string;
	cMapUrl: string;
	wasmUrl: string;
}

/** The console's one page: its script and style by hashed name, its boot data inline. */
export function consolePage(boot: ConsoleBoot, assets: { script: string; style: string }): string {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Signflow console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(assets.style)}">
<script type="module" src="${escapeHtml(assets.script)}"></script>
</head>
<body>
<script type="application/json" id="console-boot">${jsonForHtml(boot)}</script>
<div id="console"><noscript>The Signflow console needs JavaScript.</noscript></div>
</body>
</html>
`;
}

/** The page a login link opens: one button, so that a link previewer fetching it does not use it up. */
export function loginLinkPage(style: string, token: string): string {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Sign in to the Signflow console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(style)}">
</head>
<body>
<main class="sign-in">
<h1>Signflow console</h1>
<form method="post" action="/console/login/${escapeHtml(token)}" class="card">
<p>This one-time link signs you in to your organization's console.</p>
<button type="submit" class="primary">Sign in</button>
</form>
</main>
</body>
</html>
`;
}

/** A login link that cannot be used (unknown, used, or past its 15 minutes). */
export function loginLinkGonePage(style: string): string {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign-in link expired</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(style)}">
</head>
<body>
<main class="sign-in">
<h1>Signflow console</h1>
<div class="card">
<p>This sign-in link was already used or is more than 15 minutes old.</p>
<p>Get a new one with <code>signflow console-link --org &lt;organization&gt;</code>, or <a href="/console">sign in with an API key</a>.</p>
</div>
</main>
</body>
</html>
`;
}
