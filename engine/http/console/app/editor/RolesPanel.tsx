import { useState } from 'preact/hooks';
import { editorTexts } from './editorTexts';
import { colourOf, type Party } from './model';

const ROLE_TYPES = ['signer', 'approver', 'cc', 'viewer'];

/** The template's roles, each in its colour: the selected one gets the fields dropped next. Added and removed through the API at once. */
export function RolesPanel(props: {
	parties: readonly Party[];
	selected: string | null;
	fieldCount: (partyId: string) => number;
	onSelect: (partyId: string) => void;
	onAdd: (input: { name: string; role: string; email?: string }) => Promise<boolean>;
	onRemove: (partyId: string) => Promise<void>;
	/** Null: parties cannot be renamed. */
	onChange: ((partyId: string, change: { name: string; role: string }) => Promise<boolean>) | null;
	working: boolean;
	/** A draft's signers: people with an email, not removable through the API. */
	peopleWithEmail: boolean;
	removable: boolean;
}) {
	const [name, setName] = useState('');
	const [email, setEmail] = useState('');
	const [role, setRole] = useState('signer');
	const [confirming, setConfirming] = useState<string | null>(null);
	const [editing, setEditing] = useState<{ id: string; name: string; role: string } | null>(null);
	const t = editorTexts.editor;
	const add = async (event: Event) => {
		event.preventDefault();
		if (!name.trim()) return;
		if (await props.onAdd({ name: name.trim(), role, ...(props.peopleWithEmail ? { email: email.trim() } : {}) })) {
			setName('');
			setEmail('');
		}
	};
	return (
		<section class="editor-panel roles">
			<h2>{props.peopleWithEmail ? t.signers : t.roles}</h2>
			{props.parties.length === 0 && <p class="hint muted">{props.peopleWithEmail ? t.noSigners : t.noRoles}</p>}
			<ul class="role-list" role="radiogroup" aria-label={t.roles}>
				{props.parties.map((party) => {
					const count = props.fieldCount(party.id);
					if (editing?.id === party.id && props.onChange) {
						const change = props.onChange;
						const done = async (event: Event) => {
							event.preventDefault();
							if (editing.name.trim() && (await change(party.id, { name: editing.name.trim(), role: editing.role }))) setEditing(null);
						};
						return (
							<li key={party.id} class="role-item editing" style={{ '--field-colour': colourOf(props.parties, party.id) }}>
								<form class="role-edit" onSubmit={done} onKeyDown={(event) => event.key === 'Escape' && setEditing(null)}>
									<input aria-label={t.roleName} value={editing.name} maxLength={100} autoFocus onInput={(event) => setEditing({ ...editing, name: (event.target as HTMLInputElement).value })} />
									<select aria-label={t.roleType} value={editing.role} onChange={(event) => setEditing({ ...editing, role: (event.target as HTMLSelectElement).value })}>
										{ROLE_TYPES.map((type) => (
											<option value={type} key={type}>
												{editorTexts.roleTypes[type]}
											</option>
										))}
									</select>
									<button type="submit" class="small primary" disabled={props.working || !editing.name.trim()}>
										{t.renameSave}
									</button>
									<button type="button" class="small" onClick={() => setEditing(null)}>
										{t.renameCancel}
									</button>
								</form>
							</li>
						);
					}
					return (
						<li key={party.id} class={`role-item${props.selected === party.id ? ' selected' : ''}`} style={{ '--field-colour': colourOf(props.parties, party.id) }}>
							<button type="button" class="role-pick" role="radio" aria-checked={props.selected === party.id} onClick={() => props.onSelect(party.id)}>
								<span class="swatch" aria-hidden="true" />
								<span class="role-name">{party.name}</span>
								<span class="muted role-type">{editorTexts.roleTypes[party.role] ?? party.role}</span>
							</button>
							{props.onChange && (
								<button type="button" class="quiet small" aria-label={`${t.rename} ${party.name}`} title={t.rename} onClick={() => setEditing({ id: party.id, name: party.name, role: party.role })}>
									✎
								</button>
							)}
							{!props.removable ? null : confirming === party.id ? (
								<button
									type="button"
									class="danger small"
									disabled={props.working}
									title={t.removeRoleHint}
									onClick={async () => {
										await props.onRemove(party.id);
										setConfirming(null);
									}}
								>
									{`${t.removeRole}${count ? ` (${count})` : ''}?`}
								</button>
							) : (
								<button type="button" class="quiet small" aria-label={`${t.removeRole} ${party.name}`} title={t.removeRoleHint} onClick={() => setConfirming(party.id)}>
									×
								</button>
							)}
						</li>
					);
				})}
			</ul>
			{props.parties.length > 0 && <p class="hint muted">{props.peopleWithEmail ? t.selectedSigner : t.selectedRole}</p>}
			<form class="role-add" onSubmit={add}>
				<input
					aria-label={props.peopleWithEmail ? t.signerName : t.roleName}
					placeholder={props.peopleWithEmail ? t.signerName : t.roleName}
					value={name}
					maxLength={props.peopleWithEmail ? 200 : 100}
					onInput={(event) => setName((event.target as HTMLInputElement).value)}
				/>
				{props.peopleWithEmail && (
					<input type="email" class="party-email" aria-label={t.signerEmail} placeholder={t.signerEmail} value={email} maxLength={320} onInput={(event) => setEmail((event.target as HTMLInputElement).value)} />
				)}
				<select aria-label={t.roleType} value={role} onChange={(event) => setRole((event.target as HTMLSelectElement).value)}>
					{ROLE_TYPES.map((type) => (
						<option value={type} key={type}>
							{editorTexts.roleTypes[type]}
						</option>
					))}
				</select>
				<button type="submit" disabled={props.working || !name.trim() || (props.peopleWithEmail && !email.trim())}>
					{props.peopleWithEmail ? t.addSigner : t.addRole}
				</button>
			</form>
		</section>
	);
}
