import { useState } from 'preact/hooks';
import { PROVINCE_GRANTABLE } from '../../../shared/domain/rollout/staff-roles.ts';
import { api, unwrap } from '../api/client.ts';
import { describedBy, ErrorPanel, ErrorSummary, Field } from '../components/ui.tsx';
import { type Key, t } from '../i18n/index.ts';
import { bearer } from '../workspace/auth.ts';
import { ConfirmButton, Done } from './common.tsx';

/** The person fields every account form asks for (staff account, province contact designation). */
export const PERSON = ['firstName', 'lastName', 'title', 'phone', 'email'] as const;
export type PersonValues = Record<(typeof PERSON)[number], string>;
export const emptyPerson = (): PersonValues => ({
  firstName: '',
  lastName: '',
  title: '',
  phone: '',
  email: '',
});

/** Required fields and an e-mail that looks like one; the API checks the phone and the rest. */
export function checkPerson(v: Record<string, string>, prefix: string, extra: string[] = []) {
  const problems: Record<string, string> = {};
  for (const k of [...PERSON, ...extra]) if (!v[k]?.trim()) problems[`${prefix}-${k}`] = t('form.required');
  if (v.email?.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim()))
    problems[`${prefix}-email`] = t('wizard.err.email');
  return problems;
}

export function PersonFields({
  prefix,
  values,
  errors,
  set,
}: {
  prefix: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  set: (k: string, v: string) => void;
}) {
  return (
    <>
      {PERSON.map((k) => {
        const name = `${prefix}-${k}`;
        return (
          <Field key={k} name={name} label={t(`bo.person.${k}` as Key)} error={errors[name]}>
            <input
              id={`f-${name}`}
              type={(k === 'email' ? 'email' : k === 'phone' ? 'tel' : 'text') as 'text'}
              dir={k === 'email' || k === 'phone' ? 'ltr' : undefined}
              value={values[k] ?? ''}
              aria-invalid={errors[name] ? true : undefined}
              aria-describedby={describedBy(name, undefined, errors[name])}
              onInput={(e) => set(k, (e.target as HTMLInputElement).value)}
            />
          </Field>
        );
      })}
    </>
  );
}

const AGENCIES = [
  'urban-agency',
  'civil-protection',
  'utilities',
  'heritage',
  'health',
  'equipment',
] as const;

/**
 * A province contact creates a civil servant's account in their province: a commune role and its
 * commune, or a commission member and their agency. The temporary password goes to the person by
 * e-mail; the page shows the account the server created.
 */
export function StaffForm({
  provinceId,
  communes,
  onCreated,
}: {
  provinceId: string;
  communes: { id: string; label: string }[];
  onCreated: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>({
    ...emptyPerson(),
    role: 'desk_agent',
    communeId: '',
    agencyId: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<string>();
  const [busy, setBusy] = useState(false);
  const member = values.role === 'commission_member';
  const set = (k: string, v: string) => setValues((x) => ({ ...x, [k]: v }));
  function check() {
    const problems = checkPerson(values, 'staff', [member ? 'agencyId' : 'communeId']);
    // The scope fields are named without the prefix in the summary (they have their own ids).
    if (problems['staff-agencyId']) {
      problems['staff-agency'] = problems['staff-agencyId'] as string;
      delete problems['staff-agencyId'];
    }
    if (problems['staff-communeId']) {
      problems['staff-commune'] = problems['staff-communeId'] as string;
      delete problems['staff-communeId'];
    }
    setErrors(problems);
    return Object.keys(problems).length === 0;
  }
  async function send() {
    setBusy(true);
    setError(undefined);
    setCreated(undefined);
    try {
      const account = await unwrap(
        api().POST('/staff', {
          params: {
            header: { 'idempotency-key': `staff-${values.email?.trim().toLowerCase()}-${values.role}` },
          },
          headers: await bearer(),
          body: {
            roles: [values.role as (typeof PROVINCE_GRANTABLE)[number]],
            ...(member
              ? { agencyId: values.agencyId as (typeof AGENCIES)[number], provinceId }
              : { communeId: values.communeId as string }),
            firstName: (values.firstName ?? '').trim(),
            lastName: (values.lastName ?? '').trim(),
            title: (values.title ?? '').trim(),
            phone: (values.phone ?? '').trim(),
            email: (values.email ?? '').trim().toLowerCase(),
          },
        }),
      );
      setCreated(account.username);
      onCreated();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const labels: Record<string, string> = {
    'staff-commune': t('common.commune'),
    'staff-agency': t('workspace.agency'),
    ...Object.fromEntries(PERSON.map((k) => [`staff-${k}`, t(`bo.person.${k}` as Key)])),
  };
  return (
    <form noValidate onSubmit={(e) => e.preventDefault()} data-testid="staff-form">
      <h3>{t('bo.staff.create')}</h3>
      <ErrorSummary errors={errors} labels={labels} />
      <Field name="staff-role" label={t('bo.staff.role')}>
        <select
          id="f-staff-role"
          value={values.role}
          onChange={(e) => set('role', (e.target as HTMLSelectElement).value)}
        >
          {PROVINCE_GRANTABLE.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}` as Key)}
            </option>
          ))}
        </select>
      </Field>
      {member ? (
        <Field name="staff-agency" label={t('workspace.agency')} error={errors['staff-agency']}>
          <select
            id="f-staff-agency"
            value={values.agencyId}
            aria-invalid={errors['staff-agency'] ? true : undefined}
            aria-describedby={describedBy('staff-agency', undefined, errors['staff-agency'])}
            onChange={(e) => set('agencyId', (e.target as HTMLSelectElement).value)}
          >
            <option value="">{t('bo.choose')}</option>
            {AGENCIES.map((a) => (
              <option key={a} value={a}>
                {t(`agency.${a}` as Key)}
              </option>
            ))}
          </select>
        </Field>
      ) : (
        <Field name="staff-commune" label={t('common.commune')} error={errors['staff-commune']}>
          <select
            id="f-staff-commune"
            value={values.communeId}
            aria-invalid={errors['staff-commune'] ? true : undefined}
            aria-describedby={describedBy('staff-commune', undefined, errors['staff-commune'])}
            onChange={(e) => set('communeId', (e.target as HTMLSelectElement).value)}
          >
            <option value="">{t('bo.choose')}</option>
            {communes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
      )}
      <PersonFields prefix="staff" values={values} errors={errors} set={set} />
      <ConfirmButton
        id="staff-send"
        label={t('bo.staff.submit')}
        question={t('bo.staff.confirm')}
        consequence={t('bo.staff.consequence')}
        disabled={busy}
        onConfirm={() => check() && void send()}
      />
      {created && <Done testId="staff-created">{t('bo.staff.created', { username: created })}</Done>}
      {error !== undefined && <ErrorPanel error={error} />}
    </form>
  );
}
