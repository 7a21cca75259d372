import { ApiKeySettings } from './ApiKeySettings';
import { BrandingSettings } from './BrandingSettings';
import { OrganizationSettings } from './OrganizationSettings';
import { follow, SETTINGS_SECTIONS, type SettingsSection } from './router';
import './settings.css';
import { settingsTexts } from './settingsTexts';

/** Settings: a tab per section, each its own screen and address (/console/settings/<section>). */
export function Settings(props: { section: SettingsSection }) {
	return (
		<div class="settings">
			<h1>{settingsTexts.title}</h1>
			<nav class="settings-tabs" aria-label={settingsTexts.title}>
				{SETTINGS_SECTIONS.map((section) => (
					<a
						key={section}
						href={`/console/settings/${section}`}
						aria-current={section === props.section ? 'page' : undefined}
						onClick={(event) => follow(event, `/console/settings/${section}`)}
					>
						{settingsTexts.sections[section]}
					</a>
				))}
			</nav>
			{props.section === 'branding' ? <BrandingSettings /> : props.section === 'api-keys' ? <ApiKeySettings /> : <OrganizationSettings />}
		</div>
	);
}
