import { randomBytes } from 'node:crypto';
import type { WebhookConfig } from '../../../engine/domain';
import { SecretBox } from '../../../engine/security/secretBox';
import { ConfigSecrets } from '../../../engine/webhooks/configSecrets';
import { aWebhookConfig } from '../../helpers/engine/builders';

/** A real SecretBox that counts how often it opens something. */
class CountingBox extends SecretBox {
	opened = 0;
	override open(sealed: string): string {
		this.opened += 1;
		return super.open(sealed);
	}
}

const box = new CountingBox(randomBytes(32));

function config(id: string, secret: string | null, headers: Record<string, string>): WebhookConfig {
	return aWebhookConfig({
		id,
		name: 'Ressources humaines',
		url: 'https://hr.example.com/hooks',
		authType: secret ? 'hmac' : 'none',
		secretSealed: secret ? box.seal(secret) : null,
		headersSealed: box.seal(JSON.stringify(headers)),
		retryIntervals: ['PT5S'],
	});
}

beforeEach(() => {
	box.opened = 0;
});

it('opens a configuration once and reuses it while its sealed values are the same', () => {
	const secrets = new ConfigSecrets(box);
	const hr = config('w1', 'whsec_Zm9vYmFyYmF6cXV4cXV1eHF1dXg=', { 'x-équipe': 'Ressources humaines 👩‍💼', 'x-rtl': 'قسم' });
	const first = secrets.of(hr);
	expect(first).toMatchObject({ secret: 'whsec_Zm9vYmFyYmF6cXV4cXV1eHF1dXg=', headers: { 'x-équipe': 'Ressources humaines 👩‍💼', 'x-rtl': 'قسم' } });
	expect(box.opened).toBe(2);
	// The same configuration read again from the store (a new object, the same sealed values).
	expect(secrets.of({ ...hr, consecutiveDead: 1 })).toBe(first);
	expect(box.opened).toBe(2);
	expect(Object.isFrozen(first.headers)).toBe(true);
});

it('opens again when the secret is rotated or the headers change', () => {
	const secrets = new ConfigSecrets(box);
	const before = config('w1', 'whsec_b2xkLXNlY3JldC1vbGQtc2VjcmV0', { 'x-team': 'RH' });
	expect(secrets.of(before).secret).toBe('whsec_b2xkLXNlY3JldC1vbGQtc2VjcmV0');
	const rotated = { ...before, secretSealed: box.seal('whsec_bmV3LXNlY3JldC1uZXctc2VjcmV0') };
	expect(secrets.of(rotated).secret).toBe('whsec_bmV3LXNlY3JldC1uZXctc2VjcmV0');
	const newHeaders = { ...rotated, headersSealed: box.seal(JSON.stringify({ 'x-team': '財務' })) };
	expect(secrets.of(newHeaders)).toMatchObject({ secret: 'whsec_bmV3LXNlY3JldC1uZXctc2VjcmV0', headers: { 'x-team': '財務' } });
	// The same plaintext sealed again is a new sealed value: opened again, never assumed equal.
	const resealed = { ...newHeaders, secretSealed: box.seal('whsec_bmV3LXNlY3JldC1uZXctc2VjcmV0') };
	const opened = box.opened;
	secrets.of(resealed);
	expect(box.opened).toBe(opened + 2);
	// No secret any more (auth "none").
	expect(secrets.of({ ...resealed, authType: 'none', secretSealed: null }).secret).toBeNull();
});

it('keeps at most so many configurations, the least recently used going first, and forgets a removed one', () => {
	const secrets = new ConfigSecrets(box, 2);
	const [a, b, c] = ['a', 'b', 'c'].map((id) => config(id, null, { 'x-id': id }));
	secrets.of(a);
	secrets.of(b);
	secrets.of(a);
	secrets.of(c);
	expect(secrets.size).toBe(2);
	box.opened = 0;
	secrets.of(a);
	secrets.of(c);
	expect(box.opened).toBe(0);
	secrets.of(b);
	expect(box.opened).toBe(1);
	secrets.forget('b');
	secrets.of(b);
	expect(box.opened).toBe(2);
});
