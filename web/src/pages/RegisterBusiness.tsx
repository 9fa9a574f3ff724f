import { useState } from 'preact/hooks';
import { ApiError, api, fieldErrors, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema.gen.ts';
import { ErrorPanel, ErrorSummary, Field, Page, type TextFieldSpec, TextInput } from '../components/ui.tsx';
import { has, type Key, lang, t } from '../i18n/index.ts';
import { ConfirmEmail, RegistrationChoice } from './Register.tsx';

type Body = paths['/businesses']['post']['requestBody'] extends {
  content: { 'application/json': infer B };
}
  ? B
  : never;
type Registered = paths['/businesses']['post']['responses'][201]['content']['application/json'];
type TextField = TextFieldSpec<keyof Body & string>;
const COMPANY_FIELDS: TextField[] = [
  { name: 'companyName', autoComplete: 'organization' },
  { name: 'ice', ltr: true, inputMode: 'numeric' },
  { name: 'rcNumber', ltr: true },
];
const PERSON_FIELDS: TextField[] = [
  { name: 'tradeName', optional: true },
  { name: 'firstName', autoComplete: 'given-name' },
  { name: 'lastName', autoComplete: 'family-name' },
  { name: 'cin', ltr: true },
  { name: 'phone', type: 'tel', autoComplete: 'tel', ltr: true },
  { name: 'email', type: 'email', autoComplete: 'email', ltr: true },
  { name: 'password', type: 'password', autoComplete: 'new-password', ltr: true },
];

/** A field's label: the business's own wording first, else the professional form's (same rule, same words). */
const labelOf = (name: string, company: boolean) => {
  const own = company ? `business.${name}.company` : `business.${name}`;
  if (has(own)) return t(own);
  if (has(`business.${name}`)) return t(`business.${name}` as Key);
  return t(`register.${name}` as Key);
};
const hintOf = (name: string) =>
  has(`business.${name}Hint`)
    ? t(`business.${name}Hint` as Key)
    : has(`register.${name}Hint`)
      ? t(`register.${name}Hint` as Key)
      : undefined;

/**
 * A merchant's self-registration (`POST /businesses`): a trader in their own name, or a company with
 * its ICE and RC numbers, represented by the person who holds the account. Like a professional's, the
 * account signs in once the code mailed to the address comes back; there is no ministry verification.
 */
export default function RegisterBusiness() {
  const l = lang.value;
  const [values, setValues] = useState<Record<string, string>>({ kind: 'person', preferredLanguage: l });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<Registered>();
  const [busy, setBusy] = useState(false);
  // One key per attempt that may create the account (see Register.tsx).
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const company = values.kind === 'company';
  const fields = [...(company ? COMPANY_FIELDS : []), ...PERSON_FIELDS];
  const labels = Object.fromEntries(
    ['kind', 'preferredLanguage', ...fields.map((f) => f.name)].map((f) => [
      f,
      f === 'kind' ? t('business.kind') : labelOf(f, company),
    ]),
  );

  async function submit(e: Event) {
    e.preventDefault();
    const missing: Record<string, string> = {};
    for (const f of fields)
      if (!f.optional && !(values[f.name] ?? '').trim()) missing[f.name] = t('form.required');
    setErrors(missing);
    setFailure(undefined);
    if (Object.keys(missing).length) return;
    const sent = new Set<string>(['kind', 'preferredLanguage', ...fields.map((f) => f.name)]);
    const body = Object.fromEntries(
      Object.entries(values)
        .filter(([k]) => sent.has(k))
        .map(([k, v]) => [k, k === 'password' ? v : k === 'rcNumber' ? v.trim().toUpperCase() : v.trim()])
        .filter(([, v]) => v !== ''),
    ) as unknown as Body;
    setBusy(true);
    try {
      setDone(
        await unwrap(
          api().POST('/businesses', { body, params: { header: { 'idempotency-key': idempotencyKey } } }),
        ),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500)
        setIdempotencyKey(crypto.randomUUID());
      // The API's words, in the page's language, next to their fields.
      const byField = fieldErrors(error);
      if (Object.keys(byField).length) setErrors(byField);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  if (done)
    return (
      <ConfirmEmail
        email={done.email}
        confirm={(code) =>
          unwrap(
            api().POST('/businesses/{businessId}/email-confirmation', {
              params: { path: { businessId: done.id } },
              body: { code },
            }),
          )
        }
        next={t('business.next')}
      />
    );

  const input = (f: TextField) => (
    <TextInput
      key={f.name}
      field={f}
      label={labels[f.name] as string}
      hint={hintOf(f.name)}
      error={errors[f.name]}
      value={values[f.name] ?? ''}
      onInput={(v) => setValues({ ...values, [f.name]: v })}
    />
  );

  return (
    <Page title={t('business.title')} lead={t('business.lead')}>
      <RegistrationChoice current="registerBusiness" />
      <ErrorSummary errors={errors} labels={labels} />
      {failure !== undefined &&
        (failure instanceof ApiError && failure.status === 409 ? (
          <div class="panel panel-error" role="alert">
            <h2>{t('register.duplicateTitle')}</h2>
            <p>{failure.problem.detail ?? t('register.duplicate')}</p>
          </div>
        ) : (
          <ErrorPanel error={failure} />
        ))}
      <form onSubmit={submit} noValidate>
        <Field name="kind" label={labels.kind as string} hint={t('business.kindHint')}>
          <select
            id="f-kind"
            name="kind"
            value={values.kind}
            aria-describedby="f-kind-hint"
            onChange={(e) => setValues({ ...values, kind: (e.target as HTMLSelectElement).value })}
          >
            <option value="person">{t('business.kind.person')}</option>
            <option value="company">{t('business.kind.company')}</option>
          </select>
        </Field>
        {fields.map(input)}
        <Field name="preferredLanguage" label={labels.preferredLanguage as string}>
          <select
            id="f-preferredLanguage"
            name="preferredLanguage"
            value={values.preferredLanguage}
            onChange={(e) =>
              setValues({ ...values, preferredLanguage: (e.target as HTMLSelectElement).value })
            }
          >
            <option value="fr">{t('lang.name', undefined, 'fr')}</option>
            <option value="ar">{t('lang.name', undefined, 'ar')}</option>
          </select>
        </Field>
        <button type="submit" class="button" disabled={busy}>
          {t('register.submit')}
        </button>
      </form>
    </Page>
  );
}
