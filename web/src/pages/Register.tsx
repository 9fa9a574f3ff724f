import { useState } from 'preact/hooks';
import { ApiError, api, fieldErrors, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema.gen.ts';
import {
  describedBy,
  ErrorPanel,
  ErrorSummary,
  Field,
  Page,
  type TextFieldSpec,
  TextInput,
} from '../components/ui.tsx';
import { has, type Key, lang, t } from '../i18n/index.ts';
import { href, type PageName } from '../routes.ts';

type Body = paths['/professionals']['post']['requestBody'] extends {
  content: { 'application/json': infer B };
}
  ? B
  : never;
type Registered = paths['/professionals']['post']['responses'][201]['content']['application/json'];
const PROFESSIONS = ['architect', 'surveyor_engineer', 'topographer', 'engineer'] as const;
const TEXT_FIELDS: TextFieldSpec<keyof Body & string>[] = [
  { name: 'registrationNumber', ltr: true },
  { name: 'firstName', autoComplete: 'given-name' },
  { name: 'lastName', autoComplete: 'family-name' },
  { name: 'cin', ltr: true },
  { name: 'phone', type: 'tel', autoComplete: 'tel', ltr: true },
  { name: 'email', type: 'email', autoComplete: 'email', ltr: true },
  { name: 'firm', autoComplete: 'organization', optional: true },
  { name: 'password', type: 'password', autoComplete: 'new-password', ltr: true },
];

/** Professional self-registration (`POST /professionals`); each problem+json field error shows next to its field. */
export default function Register() {
  const l = lang.value;
  const [values, setValues] = useState<Record<string, string>>({ profession: '', preferredLanguage: l });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<Registered>();
  const [busy, setBusy] = useState(false);
  // One key per attempt that may create the account: a retry after a lost answer replays it; after a
  // refusal (4xx, nothing created) the corrected form gets a new one.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const label = (f: string) => t(`register.${f}` as Key);
  const labels = Object.fromEntries(
    ['profession', 'preferredLanguage', ...TEXT_FIELDS.map((f) => f.name)].map((f) => [f, label(f)]),
  );

  async function submit(e: Event) {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!values.profession) missing.profession = t('register.chooseProfession');
    for (const f of TEXT_FIELDS)
      if (!f.optional && !(values[f.name] ?? '').trim()) missing[f.name] = t('form.required');
    setErrors(missing);
    setFailure(undefined);
    if (Object.keys(missing).length) return;
    const body = Object.fromEntries(
      Object.entries(values)
        .map(([k, v]) => [k, k === 'password' ? v : v.trim()])
        .filter(([, v]) => v !== ''),
    ) as unknown as Body;
    setBusy(true);
    try {
      setDone(
        await unwrap(
          api().POST('/professionals', { body, params: { header: { 'idempotency-key': idempotencyKey } } }),
        ),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500)
        setIdempotencyKey(crypto.randomUUID());
      // The API's words: they come in the page's language (the client sends it as Accept-Language),
      // written once next to the rule they explain (docs/errors.md), for every client alike.
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
            api().POST('/professionals/{professionalId}/email-confirmation', {
              params: { path: { professionalId: done.id } },
              body: { code },
            }),
          )
        }
        next={t('register.next')}
      />
    );

  const input = (f: (typeof TEXT_FIELDS)[number]) => {
    const hintKey = `register.${f.name}Hint`;
    return (
      <TextInput
        key={f.name}
        field={f}
        label={label(f.name)}
        hint={has(hintKey) ? t(hintKey) : undefined}
        error={errors[f.name]}
        value={values[f.name] ?? ''}
        onInput={(v) => setValues({ ...values, [f.name]: v })}
      />
    );
  };

  return (
    <Page title={t('register.title')} lead={t('register.lead')}>
      <RegistrationChoice current="register" />
      <ErrorSummary errors={errors} labels={labels} />
      {failure !== undefined &&
        (failure instanceof ApiError && failure.status === 409 ? (
          <div class="panel panel-error" role="alert">
            <h2>{t('register.duplicateTitle')}</h2>
            <p>{t('register.duplicate')}</p>
          </div>
        ) : (
          <ErrorPanel error={failure} />
        ))}
      <form onSubmit={submit} noValidate>
        <Field name="profession" label={labels.profession as string} error={errors.profession}>
          <select
            id="f-profession"
            name="profession"
            value={values.profession}
            aria-invalid={errors.profession ? true : undefined}
            aria-describedby={describedBy('profession', undefined, errors.profession)}
            onChange={(e) => setValues({ ...values, profession: (e.target as HTMLSelectElement).value })}
          >
            <option value="">{t('common.choose')}</option>
            {PROFESSIONS.map((p) => (
              <option key={p} value={p}>
                {t(`profession.${p}`)}
              </option>
            ))}
          </select>
        </Field>
        {TEXT_FIELDS.map(input)}
        <Field
          name="preferredLanguage"
          label={labels.preferredLanguage as string}
          error={errors.preferredLanguage}
        >
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

/** Who registers: a professional filing for clients, or a merchant filing its own licences. */
export function RegistrationChoice({ current }: { current: 'register' | 'registerBusiness' }) {
  const l = lang.value;
  const choices: { name: PageName; key: Key; hint: Key }[] = [
    { name: 'register', key: 'register.asProfessional', hint: 'register.asProfessionalHint' },
    { name: 'registerBusiness', key: 'register.asBusiness', hint: 'register.asBusinessHint' },
  ];
  return (
    <nav aria-label={t('register.choice')}>
      <ul class="cards">
        {choices.map((c) => (
          <li key={c.name} class="card">
            <a
              href={href(c.name, l)}
              aria-current={c.name === current ? 'page' : undefined}
              data-choice={c.name}
            >
              {t(c.key)}
            </a>
            <p class="muted">{t(c.hint)}</p>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The code mailed at registration proves the address; the account signs in only after it. */
export function ConfirmEmail({
  email,
  confirm,
  next,
}: {
  email: string;
  confirm: (code: string) => Promise<unknown>;
  next: string;
}) {
  const l = lang.value;
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setFailure(undefined);
    if (!/^\d{6}$/.test(code.trim())) {
      setError(t('register.codeInvalid'));
      return;
    }
    setBusy(true);
    try {
      await confirm(code.trim());
      setConfirmed(true);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 422 || err.status === 400))
        setError(t('register.codeInvalid'));
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  if (confirmed)
    return (
      <Page title={t('register.confirmedTitle')}>
        <div class="panel panel-ok" role="status">
          <p>{next}</p>
          <p>
            <a href={href('signIn', l)}>{t('nav.signIn')}</a>
          </p>
        </div>
      </Page>
    );
  return (
    <Page title={t('register.doneTitle')}>
      <div class="panel panel-ok" role="status">
        <p>{t('register.doneText', { email })}</p>
      </div>
      <ErrorSummary errors={error ? { code: error } : {}} labels={{ code: t('register.code') }} />
      {failure !== undefined && <ErrorPanel error={failure} />}
      <form onSubmit={submit} noValidate>
        <Field name="code" label={t('register.code')} error={error}>
          <input
            id="f-code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            dir="ltr"
            value={code}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy('code', undefined, error)}
            onInput={(e) => setCode((e.target as HTMLInputElement).value)}
          />
        </Field>
        <button type="submit" class="button" disabled={busy}>
          {t('register.codeSubmit')}
        </button>
      </form>
    </Page>
  );
}
