import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api';
import { BrandingPreview, type BrandingDraft } from './BrandingPreview';
import { fieldErrorsOf } from './fieldErrors';
import { settingsTexts } from './settingsTexts';
import { texts } from './texts';

interface Branding {
	primaryColor: string;
	logoFileId: string | null;
}

const t = settingsTexts.branding;

/** Name, color and logo, with the signing page and the invitation email as the engine draws them. */
export function BrandingSettings() {
	const [saved, setSaved] = useState<{ name: string; branding: Branding } | null>(null);
	const [draft, setDraft] = useState<BrandingDraft | null>(null);
	const [errors, setErrors] = useState<Record<string, string>>({});
	const [notice, setNotice] = useState('');
	const [working, setWorking] = useState(false);

	const load = async () => {
		try {
			const [organization, branding] = await Promise.all([api<{ name: string }>('GET', '/organization'), api<Branding>('GET', '/interface')]);
			setSaved({ name: organization.name, branding });
			setDraft({ organizationName: organization.name, primaryColor: branding.primaryColor, logo: undefined });
		} catch (failure) {
			setErrors({ '': errorText(failure, texts.errors.network) });
		}
	};
	useEffect(() => void load(), []);
	if (!draft || !saved) return <p class={errors[''] ? 'error' : 'muted'}>{errors[''] || texts.list.loading}</p>;

	const change = (next: Partial<BrandingDraft>) => {
		setDraft({ ...draft, ...next });
		setNotice('');
	};
	const pickLogo = (input: HTMLInputElement) => {
		const file = input.files?.[0];
		if (!file) return;
		const reader = new FileReader();
		// readAsDataURL gives a string ("data:image/png;base64,..."): the API takes the base64 after the comma.
		reader.onload = () => change({ logo: typeof reader.result === 'string' ? reader.result.replace(/^data:[^,]*,/, '') : '' });
		reader.readAsDataURL(file);
	};
	const save = async (event: Event) => {
		event.preventDefault();
		setWorking(true);
		setErrors({});
		setNotice('');
		try {
			if (draft.organizationName !== saved.name) await api('PATCH', '/organization', { name: draft.organizationName });
			const logo = draft.logo === undefined ? {} : { logo: draft.logo === '' ? null : { contentBase64: draft.logo } };
			const branding = await api<Branding>('PUT', '/interface', { primaryColor: draft.primaryColor, ...logo });
			setSaved({ name: draft.organizationName, branding });
			setDraft({ ...draft, logo: undefined });
			setNotice(settingsTexts.saved);
		} catch (failure) {
			const found = fieldErrorsOf(failure);
			// The name is PATCHed to /organization; the color and logo PUT to /interface: both answer with their field's path.
			if (found.name) found.organizationName = found.name;
			if (found['logo.contentBase64']) found.logo = found['logo.contentBase64'];
			setErrors(found);
		} finally {
			setWorking(false);
		}
	};
	const unsaved = draft.logo !== undefined || draft.organizationName !== saved.name || draft.primaryColor !== saved.branding.primaryColor;
	const hasLogo = draft.logo === undefined ? saved.branding.logoFileId !== null : draft.logo !== '';

	return (
		<div class="branding-settings">
			<form class="card settings-form" onSubmit={save} noValidate>
				<p class="muted">{t.intro}</p>
				<label for="organization-name">{t.organizationName}</label>
				<input id="organization-name" value={draft.organizationName} maxLength={200} onInput={(event) => change({ organizationName: event.currentTarget.value })} aria-describedby="organization-name-hint" />
				<p id="organization-name-hint" class="hint">{t.organizationNameHint}</p>
				{errors.organizationName && <p class="field-error" role="alert">{errors.organizationName}</p>}

				<label for="primary-color">{t.primaryColor}</label>
				<div class="color-row">
					<input type="color" value={/^#[0-9a-fA-F]{6}$/.test(draft.primaryColor) ? draft.primaryColor : '#000000'} aria-label={t.primaryColor} onInput={(event) => change({ primaryColor: event.currentTarget.value })} />
					<input id="primary-color" value={draft.primaryColor} maxLength={7} spellcheck={false} onInput={(event) => change({ primaryColor: event.currentTarget.value.trim() })} aria-describedby="primary-color-hint" />
				</div>
				<p id="primary-color-hint" class="hint">{t.primaryColorHint}</p>
				{errors.primaryColor && <p class="field-error" role="alert">{errors.primaryColor}</p>}

				<label for="logo">{t.logo}</label>
				<input id="logo" type="file" accept="image/png,image/jpeg" onChange={(event) => pickLogo(event.currentTarget)} aria-describedby="logo-hint" />
				<p id="logo-hint" class="hint">
					{hasLogo ? '' : `${t.noLogo}. `}
					{t.logoHint}
				</p>
				{hasLogo && (
					<button type="button" class="quiet" onClick={() => change({ logo: '' })}>
						{t.removeLogo}
					</button>
				)}
				{errors.logo && <p class="field-error" role="alert">{errors.logo}</p>}

				<div class="form-actions">
					<button type="submit" class="primary" disabled={working}>
						{working ? settingsTexts.saving : settingsTexts.save}
					</button>
					{notice && <span class="notice" role="status">{notice}</span>}
					{errors[''] && !errors.organizationName && !errors.primaryColor && !errors.logo && <span class="error" role="alert">{errors['']}</span>}
				</div>
			</form>
			<div class="previews">
				<p class="preview-note">{unsaved ? t.previewNote : t.previewSaved}</p>
				<BrandingPreview page="signing" draft={draft} title={t.signingPreview} />
				<BrandingPreview page="email" draft={draft} title={t.emailPreview} />
			</div>
		</div>
	);
}
