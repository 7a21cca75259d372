import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api';
import { fieldErrorsOf } from './fieldErrors';
import { settingsTexts } from './settingsTexts';
import { texts } from './texts';

interface Organization {
	name: string;
	adminEmail: string | null;
	webhookOrganizationHeader: string;
	defaultReminderPolicy: { firstAfter: string; every: string; max: number } | null;
	retention: { days: number | null; scope: 'documents' | 'documents_and_personal_data'; draftDays: number | null };
	defaultLocale: string | null;
	embedOrigins: string[];
}

/** The languages the engine speaks, each named in itself (as the signing page's switcher names them). */
const LANGUAGES: Array<[string, string]> = [
	['en', 'English'],
	['de', 'Deutsch'],
	['fr', 'Français'],
	['it', 'Italiano'],
	['es', 'Español'],
	['pt', 'Português'],
	['nl', 'Nederlands'],
	['pl', 'Polski'],
	['he', 'עברית'],
];

/** The form's fields, as typed (numbers and lists are strings until sent). */
interface Form {
	name: string;
	adminEmail: string;
	defaultLocale: string;
	remind: boolean;
	firstAfter: string;
	every: string;
	max: string;
	retentionDays: string;
	retentionScope: Organization['retention']['scope'];
	draftDays: string;
	embedOrigins: string;
	webhookOrganizationHeader: string;
}

const t = settingsTexts.organization;

function formOf(organization: Organization): Form {
	const policy = organization.defaultReminderPolicy;
	return {
		name: organization.name,
		adminEmail: organization.adminEmail ?? '',
		defaultLocale: organization.defaultLocale ?? '',
		remind: policy !== null,
		firstAfter: policy?.firstAfter ?? 'P2D',
		every: policy?.every ?? 'P2D',
		max: String(policy?.max ?? 3),
		retentionDays: organization.retention.days === null ? '' : String(organization.retention.days),
		retentionScope: organization.retention.scope,
		draftDays: organization.retention.draftDays === null ? '' : String(organization.retention.draftDays),
		embedOrigins: organization.embedOrigins.join('\n'),
		webhookOrganizationHeader: organization.webhookOrganizationHeader,
	};
}

/** What PATCH /organization is sent: every field, as the API takes it (its validation is the one that counts). */
function bodyOf(form: Form) {
	const count = (text: string) => (text.trim() === '' ? null : Number(text.trim()));
	return {
		name: form.name,
		adminEmail: form.adminEmail.trim() === '' ? null : form.adminEmail.trim(),
		defaultLocale: form.defaultLocale === '' ? null : form.defaultLocale,
		defaultReminderPolicy: form.remind ? { firstAfter: form.firstAfter.trim(), every: form.every.trim(), max: Number(form.max) } : null,
		retention: { days: count(form.retentionDays), scope: form.retentionScope, draftDays: count(form.draftDays) },
		embedOrigins: form.embedOrigins
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean),
		webhookOrganizationHeader: form.webhookOrganizationHeader.trim(),
	};
}

/** Name, admin email, language, reminders, retention, embedding origins: the API's answer to each shown by its field. */
export function OrganizationSettings() {
	const [form, setForm] = useState<Form | null>(null);
	const [errors, setErrors] = useState<Record<string, string>>({});
	const [notice, setNotice] = useState('');
	const [working, setWorking] = useState(false);

	useEffect(() => {
		api<Organization>('GET', '/organization').then(
			(organization) => setForm(formOf(organization)),
			(failure) => setErrors({ '': errorText(failure, texts.errors.network) }),
		);
	}, []);
	if (!form) return <p class={errors[''] ? 'error' : 'muted'}>{errors[''] || texts.list.loading}</p>;

	const set = (field: keyof Form) => (event: { currentTarget: { value: string } }) => {
		setForm({ ...form, [field]: event.currentTarget.value });
		setNotice('');
	};
	const save = async (event: Event) => {
		event.preventDefault();
		setWorking(true);
		setErrors({});
		setNotice('');
		try {
			setForm(formOf(await api<Organization>('PATCH', '/organization', bodyOf(form))));
			setNotice(settingsTexts.saved);
		} catch (failure) {
			setErrors(fieldErrorsOf(failure));
		} finally {
			setWorking(false);
		}
	};
	/** The API's message for a field (its path, or a path under it: embedOrigins.1 belongs to embedOrigins). */
	const errorOf = (...paths: string[]) => {
		const found = Object.entries(errors).find(([path]) => paths.some((wanted) => path === wanted || path.startsWith(`${wanted}.`)));
		return found ? (
			<p class="field-error" role="alert" data-field-error={paths[0]}>
				{found[1]}
			</p>
		) : null;
	};
	const fieldCount = Object.keys(errors).filter((path) => path !== '').length;

	return (
		<form class="card settings-form organization-settings" onSubmit={save} noValidate>
			<p class="muted">{t.intro}</p>
			<label for="org-name">{t.name}</label>
			<input id="org-name" value={form.name} maxLength={200} onInput={set('name')} />
			{errorOf('name')}

			<label for="org-admin-email">{t.adminEmail}</label>
			<input id="org-admin-email" type="email" value={form.adminEmail} onInput={set('adminEmail')} aria-describedby="org-admin-email-hint" />
			<p id="org-admin-email-hint" class="hint">{t.adminEmailHint}</p>
			{errorOf('adminEmail')}

			<label for="org-locale">{t.defaultLocale}</label>
			<select id="org-locale" value={form.defaultLocale} onChange={set('defaultLocale')} aria-describedby="org-locale-hint">
				<option value="">{t.browserLanguage}</option>
				{LANGUAGES.map(([tag, name]) => (
					<option key={tag} value={tag} lang={tag}>
						{name}
					</option>
				))}
			</select>
			<p id="org-locale-hint" class="hint">{t.defaultLocaleHint}</p>
			{errorOf('defaultLocale')}

			<fieldset>
				<legend>{t.reminders}</legend>
				<label class="check">
					<input type="checkbox" checked={form.remind} onChange={(event) => setForm({ ...form, remind: event.currentTarget.checked })} /> {t.remindersOn}
				</label>
				{form.remind && (
					<div class="row">
						<div class="field">
							<label for="org-first-after">{t.firstAfter}</label>
							<input id="org-first-after" value={form.firstAfter} onInput={set('firstAfter')} />
						</div>
						<div class="field">
							<label for="org-every">{t.every}</label>
							<input id="org-every" value={form.every} onInput={set('every')} />
						</div>
						<div class="field">
							<label for="org-max">{t.max}</label>
							<input id="org-max" type="number" min={0} value={form.max} onInput={set('max')} />
						</div>
					</div>
				)}
				<p class="hint">{t.durationHint}</p>
				{errorOf('defaultReminderPolicy')}
			</fieldset>

			<fieldset>
				<legend>{t.retention}</legend>
				<div class="row">
					<div class="field">
						<label for="org-retention-days">{t.retentionDays}</label>
						<input id="org-retention-days" type="number" min={1} value={form.retentionDays} onInput={set('retentionDays')} />
					</div>
					<div class="field">
						<label for="org-retention-scope">{t.retentionScope}</label>
						<select id="org-retention-scope" value={form.retentionScope} onChange={set('retentionScope')}>
							<option value="documents">{t.scopeDocuments}</option>
							<option value="documents_and_personal_data">{t.scopeAll}</option>
						</select>
					</div>
					<div class="field">
						<label for="org-draft-days">{t.draftDays}</label>
						<input id="org-draft-days" type="number" min={1} value={form.draftDays} onInput={set('draftDays')} />
					</div>
				</div>
				<p class="hint">{t.keepForever}</p>
				{errorOf('retention')}
			</fieldset>

			<label for="org-embed-origins">{t.embedOrigins}</label>
			<textarea id="org-embed-origins" rows={3} value={form.embedOrigins} onInput={set('embedOrigins')} spellcheck={false} aria-describedby="org-embed-origins-hint" />
			<p id="org-embed-origins-hint" class="hint">{t.embedOriginsHint}</p>
			{errorOf('embedOrigins')}

			<label for="org-webhook-header">{t.webhookHeader}</label>
			<input id="org-webhook-header" value={form.webhookOrganizationHeader} onInput={set('webhookOrganizationHeader')} spellcheck={false} />
			{errorOf('webhookOrganizationHeader')}

			<div class="form-actions">
				<button type="submit" class="primary" disabled={working}>
					{working ? settingsTexts.saving : settingsTexts.save}
				</button>
				{notice && (
					<span class="notice" role="status">
						{notice}
					</span>
				)}
				{(fieldCount > 0 || errors['']) && (
					<span class="error" role="alert">
						{fieldCount > 0 ? t.fieldsWrong : errors['']}
					</span>
				)}
			</div>
		</form>
	);
}
