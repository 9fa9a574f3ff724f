import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import { session } from '../auth/session.ts';
import { ErrorPanel, ErrorSummary, Field, Loaded, Page } from '../components/ui.tsx';
import { lang, t } from '../i18n/index.ts';
import { dateTime } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { href } from '../paths.ts';
import { bearer } from '../workspace/auth.ts';
import { SignedOut } from '../workspace/SignedOut.tsx';
import { ConfirmButton, Done } from './common.tsx';
import { type Place, PlacePicker } from './PlacePicker.tsx';
import { RolloutBoard } from './RolloutBoard.tsx';
import { checkPerson, emptyPerson, PERSON, PersonFields } from './StaffForm.tsx';

/** The ministry's other screens, one page each. */
const MINISTRY_SCREENS = [
  'ministryProfessionals',
  'ministryStaff',
  'ministryKeys',
  'ministrySettings',
] as const;

/**
 * The ministry's administrator: links to its other screens (professionals to verify, staff, signing
 * keys, national settings), the governor's designated contact of a province (the account is
 * created with it, temporary password by e-mail; the previous contact is kept in the history) and
 * the national rollout board, region by region.
 */
export default function Ministry() {
  const l = lang.value;
  const [place, setPlace] = useState<Place>({ regionId: '', provinceId: '', communeId: '' });
  if (!session.value) return <SignedOut title={t('bo.ministry.title')} />;
  return (
    <Page title={t('bo.ministry.title')}>
      <nav aria-labelledby="ministry-nav-title" data-testid="ministry-nav">
        <h2 id="ministry-nav-title">{t('bo.ministry.screens')}</h2>
        <ul>
          {MINISTRY_SCREENS.map((screen) => (
            <li key={screen}>
              <a href={href(screen, l)} data-screen={screen}>
                {t(`bo.ministry.nav.${screen}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <search class="filters">
        <PlacePicker
          prefix="ministry"
          place={place}
          setPlace={setPlace}
          depth="province"
          pickLabel={t('bo.choose')}
        />
      </search>
      {place.provinceId && <Contact provinceId={place.provinceId} />}
      <RolloutBoard regionId={place.regionId || undefined} />
    </Page>
  );
}

function Contact({ provinceId }: { provinceId: string }) {
  const l = lang.value;
  const [attempt, setAttempt] = useState(0);
  const contact = useResource(
    async () =>
      unwrap(
        api().GET('/provinces/{provinceId}/contact', {
          params: { path: { provinceId } },
          headers: await bearer(),
        }),
      ),
    [provinceId, attempt],
  );
  const [values, setValues] = useState<Record<string, string>>({ ...emptyPerson(), address: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (k: string, v: string) => setValues((x) => ({ ...x, [k]: v }));
  function check() {
    const problems = checkPerson(values, 'contact', ['address']);
    setErrors(problems);
    return Object.keys(problems).length === 0;
  }
  async function send() {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const v = (k: string) => (values[k] ?? '').trim();
      const answer = await unwrap(
        api().PUT('/provinces/{provinceId}/contact', {
          params: {
            path: { provinceId },
            header: { 'idempotency-key': `contact-${provinceId}-${v('email').toLowerCase()}` },
          },
          headers: await bearer(),
          body: {
            firstName: v('firstName'),
            lastName: v('lastName'),
            title: v('title'),
            phone: v('phone'),
            address: v('address'),
            email: v('email').toLowerCase(),
            preferredLanguage: l,
          },
        }),
      );
      setDone(
        t(answer.newAccount ? 'bo.contact.doneNew' : 'bo.contact.doneExisting', {
          username: answer.contact.username,
        }),
      );
      setAttempt((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const labels: Record<string, string> = {
    'contact-address': t('bo.person.address'),
    ...Object.fromEntries(PERSON.map((k) => [`contact-${k}`, t(`bo.person.${k}`)])),
  };
  return (
    <section aria-labelledby="contact-title" data-testid="contact">
      <h2 id="contact-title">{t('bo.contact.title')}</h2>
      <Loaded resource={contact}>
        {(c) =>
          c.current ? (
            <p data-testid="current-contact">
              {t('bo.contact.current', {
                name: `${c.current.firstName} ${c.current.lastName}`,
                date: dateTime(c.current.designatedAt, l),
              })}
            </p>
          ) : (
            <p data-testid="current-contact">{t('bo.contact.none')}</p>
          )
        }
      </Loaded>
      <ErrorSummary errors={errors} labels={labels} />
      <form noValidate onSubmit={(e) => e.preventDefault()}>
        <h3>{t('bo.contact.designate')}</h3>
        <PersonFields prefix="contact" values={values} errors={errors} set={set} />
        <Field name="contact-address" label={t('bo.person.address')} error={errors['contact-address']}>
          <input
            id="f-contact-address"
            value={values.address}
            aria-invalid={errors['contact-address'] ? true : undefined}
            onInput={(e) => set('address', (e.target as HTMLInputElement).value)}
          />
        </Field>
        <ConfirmButton
          id="contact-send"
          label={t('bo.contact.submit')}
          question={t('bo.contact.confirm')}
          consequence={t('bo.contact.consequence')}
          disabled={busy}
          onConfirm={() => check() && void send()}
        />
      </form>
      {done && <Done testId="contact-designated">{done}</Done>}
      {error !== undefined && <ErrorPanel error={error} />}
    </section>
  );
}
