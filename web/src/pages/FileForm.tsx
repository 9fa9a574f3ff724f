import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, fieldErrors, unwrap } from '../api/client.ts';
import { session } from '../auth/session.ts';
import { describedBy, ErrorPanel, ErrorSummary, Field, Loaded, Page } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { dateTime, labelled, named } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { navigate, searchParam } from '../lib/router.ts';
import { href, type PageProps } from '../routes.ts';
import { bearer, isUnauthenticated, signInAgain } from '../workspace/auth.ts';
import { clearLocal, loadLocal, saveLocal } from '../workspace/drafts.ts';
import {
  CATEGORIES,
  type FormValues,
  fileableBy,
  follows,
  fromApplication,
  PROJECT_FIELDS,
  projectFieldsOf,
  toBody,
  validate,
  visibleFields,
} from '../workspace/form.ts';
import type { Application, Catalogue } from '../workspace/model.ts';
import { SignedOut } from '../workspace/SignedOut.tsx';

const AUTOSAVE_MS = 1200;

/** The new-application wizard (`/espace/nouveau`) and the draft's edit form (`/espace/dossiers/:id/modifier`). */
export default function FileForm({ params }: PageProps) {
  const id = params.id;
  // `?renouveler=<file>`: a new file renewing that file's licence (the "renew" link of an issued licence).
  const renewing = id ? null : searchParam('renouveler');
  const data = useResource(async () => {
    const headers = await bearer();
    const file = (applicationId: string) =>
      unwrap(api().GET('/applications/{applicationId}', { params: { path: { applicationId } }, headers }));
    const [catalogue, regions, stats, app, me, renewed] = await Promise.all([
      unwrap(api().GET('/procedures')),
      unwrap(api().GET('/geo/regions')),
      unwrap(api().GET('/stats')).catch(() => undefined),
      id ? file(id) : Promise.resolve(undefined),
      unwrap(api().GET('/me', { headers })),
      renewing ? file(renewing) : Promise.resolve(undefined),
    ]);
    return {
      catalogue,
      regions: regions.regions,
      stats,
      app: app as Application | undefined,
      roles: me.roles as string[],
      renewed: renewed as Application | undefined,
    };
  }, [id, renewing, session.value?.username]);
  if (!session.value) return <SignedOut title={t(id ? 'wizard.editTitle' : 'wizard.title')} keep />;
  return (
    <Page title={t(id ? 'wizard.editTitle' : 'wizard.title')} lead={t('wizard.lead')}>
      {data.status === 'error' && isUnauthenticated(data.error) ? (
        <Expired />
      ) : (
        <Loaded resource={data}>{(d) => <Form key={d.app?.version ?? 'new'} {...d} id={id} />}</Loaded>
      )}
    </Page>
  );
}

function Expired() {
  return (
    <div class="panel panel-warning" role="alert">
      <p>{t('wizard.expired')}</p>
      <button type="button" class="button" onClick={signInAgain}>
        {t('auth.signIn')}
      </button>
    </div>
  );
}

type Save = {
  state: 'idle' | 'saving' | 'saved' | 'conflict' | 'expired' | 'error';
  at?: string;
  error?: unknown;
};

function Form({
  catalogue,
  regions,
  stats,
  app: initialApp,
  id,
  roles,
  renewed,
}: {
  roles: string[];
  renewed?: Application | undefined;
  catalogue: Catalogue;
  regions: { id: string; nameFr: string; nameAr: string }[];
  stats?: { communesLive: { byRegion: { regionId: string; live: number }[] } } | undefined;
  app?: Application | undefined;
  id?: string | undefined;
}) {
  const l = lang.value;
  const user = session.value?.username ?? '';
  const slot = id ?? 'new';
  // A renewal starts from the licence's file, not from values kept for another new file.
  const [restored] = useState(() => (renewed ? undefined : loadLocal<FormValues>(slot, user)));
  const fileable = fileableBy(catalogue.procedures, roles);
  const [values, setValues] = useState<FormValues>(() => {
    if (renewed) {
      // The renewal names the licence and starts from its file: same commune, holder, place and activity.
      const renewal = fileable.find(
        (p) => p.validityMonths !== undefined && p.follows?.includes(renewed.procedureCode),
      );
      return {
        ...fromApplication(renewed),
        procedureCode: renewal?.code ?? '',
        permitNumber: renewed.permit?.number ?? '',
      };
    }
    return (
      restored?.values ??
      (initialApp
        ? fromApplication(initialApp)
        : { kind: 'person', applicantLanguage: l, socialHousing: 'false' })
    );
  });
  const [app, setApp] = useState(initialApp);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [shownErrors, setShownErrors] = useState<Record<string, string>>({});
  const [save, setSave] = useState<Save>({ state: 'idle' });
  const [busy, setBusy] = useState(false);
  const dirty = useRef(!!restored);
  const procedure = catalogue.procedures.find((p) => p.code === values.procedureCode);
  const liveIn = (regionId: string) =>
    stats?.communesLive.byRegion.find((r) => r.regionId === regionId)?.live;

  const provinces = useResource(
    () =>
      values.regionId
        ? unwrap(
            api().GET('/geo/regions/{regionId}/provinces', {
              params: { path: { regionId: values.regionId } },
            }),
          )
        : Promise.resolve(undefined),
    [values.regionId],
  );
  const communes = useResource(
    () =>
      values.provinceId
        ? unwrap(
            api().GET('/geo/provinces/{provinceId}/communes', {
              params: { path: { provinceId: values.provinceId } },
            }),
          )
        : Promise.resolve(undefined),
    [values.provinceId],
  );

  function set(name: string, value: string, extra: FormValues = {}) {
    const next = { ...values, ...extra, [name]: value };
    setValues(next);
    setTouched((s) => new Set(s).add(name));
    saveLocal(slot, user, next);
    dirty.current = true;
  }

  // Checked as typed: a touched field shows its problem at once, and loses it once fixed.
  const live = validate(values, procedure);
  const errors: Record<string, string> = { ...shownErrors };
  for (const f of visibleFields(values, procedure)) {
    if (touched.has(f) && live[f]) errors[f] = t(live[f] as Key);
    else if (touched.has(f)) delete errors[f];
  }

  const labels: Record<string, string> = {
    procedureCode: t('wizard.procedure'),
    regionId: t('common.region'),
    provinceId: t('common.province'),
    communeId: t('common.commune'),
    permitNumber: t('wizard.permitNumber'),
    firstName: t('wizard.firstName'),
    lastName: t('wizard.lastName'),
    cin: t('wizard.cin'),
    companyName: t('wizard.companyName'),
    registrationNumber: t('wizard.registrationNumber'),
    repFirstName: t('wizard.repFirstName'),
    repLastName: t('wizard.repLastName'),
    phone: t('wizard.phone'),
    email: t('wizard.email'),
    landTitle: t('wizard.landTitle'),
    address: t('wizard.address'),
    description: t('wizard.description'),
    ...Object.fromEntries(Object.keys(PROJECT_FIELDS).map((f) => [f, t(`project.${f}` as Key)])),
  };

  /** Maps the API's 400 field paths (`body.applicant.cin`) onto the form's fields. */
  const apiErrors = (e: unknown) =>
    Object.fromEntries(
      Object.entries(fieldErrors(e)).map(([k, v]) => {
        const leaf = k.split('.').pop() ?? k;
        const field = k.includes('representative')
          ? leaf === 'firstName'
            ? 'repFirstName'
            : 'repLastName'
          : leaf === 'name'
            ? 'companyName'
            : leaf;
        return [field, v];
      }),
    );

  async function patch(explicit: boolean) {
    if (!app) return;
    const body = toBody(values, procedure);
    setSave({ state: 'saving' });
    try {
      const next = (await unwrap(
        api().PATCH('/applications/{applicationId}', {
          params: { path: { applicationId: app.id } },
          headers: await bearer(),
          body: {
            applicant: body.applicant,
            parcel: body.parcel,
            project: body.project,
            version: app.version,
          },
        }),
      )) as Application;
      setApp(next);
      dirty.current = false;
      clearLocal(slot);
      setShownErrors({});
      setSave({ state: 'saved', at: next.updatedAt });
    } catch (e) {
      if (isUnauthenticated(e)) setSave({ state: 'expired' });
      else if (e instanceof ApiError && e.status === 409) {
        // Someone else changed the draft: reload it, keep what was typed here, and say so.
        const latest = (await unwrap(
          api().GET('/applications/{applicationId}', {
            params: { path: { applicationId: app.id } },
            headers: await bearer(),
          }),
        ).catch(() => undefined)) as Application | undefined;
        if (latest) setApp(latest);
        setSave({ state: 'conflict', error: e });
      } else {
        const mapped = apiErrors(e);
        if (explicit || Object.keys(mapped).length) setShownErrors(mapped);
        setSave({ state: 'error', error: Object.keys(mapped).length ? undefined : e });
      }
    }
  }

  // Drafts save as you go: a valid edit reaches the server a moment after the last keystroke.
  useEffect(() => {
    if (
      !app ||
      !dirty.current ||
      save.state === 'conflict' ||
      save.state === 'expired' ||
      save.state === 'saving'
    )
      return;
    if (Object.keys(validate(values, procedure)).length) return;
    const timer = setTimeout(() => void patch(false), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [values]);

  async function submit(e: Event) {
    e.preventDefault();
    const all = validate(values, procedure);
    setTouched(new Set(visibleFields(values, procedure)));
    const problems = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, t(v)]));
    if (problems.communeId && !values.regionId) problems.regionId = problems.communeId;
    setShownErrors(problems);
    if (Object.keys(problems).length) return;
    if (app) return patch(true);
    setBusy(true);
    try {
      // One key per wizard: a retried click (or a reload after a lost answer) creates one draft.
      const key = values._key ?? crypto.randomUUID();
      if (!values._key) set('_key', key);
      const created = await unwrap(
        api().POST('/applications', {
          params: { header: { 'idempotency-key': key } },
          headers: await bearer(),
          body: toBody(values, procedure),
        }),
      );
      clearLocal('new');
      navigate(href('file', l, { id: created.id }));
    } catch (err) {
      if (isUnauthenticated(err)) setSave({ state: 'expired' });
      else {
        const mapped = apiErrors(err);
        setShownErrors(mapped);
        setSave({ state: 'error', error: Object.keys(mapped).length ? undefined : err });
      }
    } finally {
      setBusy(false);
    }
  }

  const input = (
    name: string,
    opts: {
      hint?: Key;
      type?: 'text' | 'tel' | 'email';
      dir?: 'ltr';
      autoComplete?: string;
      inputMode?: 'decimal' | 'numeric';
    } = {},
  ) => (
    <Field
      name={name}
      label={labels[name] ?? name}
      hint={opts.hint ? t(opts.hint) : undefined}
      error={errors[name]}
    >
      <input
        id={`f-${name}`}
        name={name}
        type={(opts.type ?? 'text') as 'text'}
        dir={opts.dir}
        autoComplete={opts.autoComplete ?? 'off'}
        inputMode={opts.inputMode}
        value={values[name] ?? ''}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={describedBy(name, opts.hint, errors[name])}
        onInput={(e) => set(name, (e.target as HTMLInputElement).value)}
        onBlur={() => setTouched((s) => new Set(s).add(name))}
      />
    </Field>
  );
  const select = (
    name: string,
    options: { id: string; label: string; disabled?: boolean }[],
    onChange: (v: string) => void,
    opts: { disabled?: boolean; hint?: Key } = {},
  ) => (
    <Field
      name={name}
      label={labels[name] ?? name}
      hint={opts.hint ? t(opts.hint) : undefined}
      error={errors[name]}
    >
      <select
        id={`f-${name}`}
        name={name}
        value={values[name] ?? ''}
        disabled={opts.disabled}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={describedBy(name, opts.hint, errors[name])}
        onChange={(e) => onChange((e.target as HTMLSelectElement).value)}
      >
        <option value="">{t('common.choose')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
  const company = values.kind === 'company';
  const fields = projectFieldsOf(procedure);
  const editable = !app || app.status === 'DRAFT';

  return (
    <>
      {restored && (
        <div class="panel" role="status" data-testid="restored">
          <p>{t('wizard.restored', { date: dateTime(new Date(restored.savedAt).toISOString(), l) })}</p>
        </div>
      )}
      {save.state === 'expired' && <Expired />}
      {save.state === 'conflict' && (
        <div class="panel panel-warning" role="alert" data-testid="conflict">
          <h2>{t('conflict.title')}</h2>
          <p>{t('conflict.kept')}</p>
        </div>
      )}
      {save.state === 'error' && save.error !== undefined && <ErrorPanel error={save.error} />}
      <ErrorSummary errors={shownErrors} labels={labels} />
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('wizard.what')}</legend>
          {app ? (
            <p>
              <strong>{procedure ? labelled(procedure, l) : app.procedureCode}</strong>
            </p>
          ) : (
            select(
              'procedureCode',
              fileable.map((p) => ({ id: p.code, label: labelled(p, l) })),
              (v) => set('procedureCode', v),
            )
          )}
          {follows(procedure) &&
            (app ? (
              <p data-testid="follows-permit">
                {t('wizard.permitNumber')} : <bdi dir="ltr">{values.permitNumber}</bdi>
              </p>
            ) : (
              input('permitNumber', { hint: 'wizard.permitNumberHint', dir: 'ltr' })
            ))}
          {procedure && (
            <div class="panel procedure-info" data-testid="procedure-info">
              <p>
                {t('wizard.deadlines', {
                  small: procedure.deadline.smallDays,
                  large: procedure.deadline.largeDays,
                })}{' '}
                {procedure.deadline.silenceIsConsent ? t('wizard.silenceConsent') : ''}
              </p>
              <h3>{t('wizard.documentsTitle')}</h3>
              <ul>
                {procedure.documents.map((d) => (
                  <li key={d.code}>
                    {labelled(d, l)}{' '}
                    <span class="muted">
                      (
                      {d.mandatory === true
                        ? t('doc.required')
                        : d.mandatory === 'large'
                          ? t('doc.requiredLarge')
                          : t('doc.optional')}
                      , {d.formats.map((f) => f.split('/')[1]?.toUpperCase()).join('/')}, ≤{' '}
                      {t('size.mb', { n: d.maxSizeMb })})
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('wizard.where')}</legend>
          <p class="hint">{t('wizard.liveOnly')}</p>
          {app ? (
            <p>
              <bdi>{app.communeId}</bdi>
            </p>
          ) : (
            <>
              {select(
                'regionId',
                regions.map((r) => {
                  const n = liveIn(r.id);
                  return {
                    id: r.id,
                    label: n === undefined ? named(r, l) : `${named(r, l)} — ${t('wizard.liveCount', { n })}`,
                  };
                }),
                (v) => set('regionId', v, { provinceId: '', communeId: '' }),
              )}
              {provinces.status === 'error' ? (
                <ErrorPanel error={provinces.error} retry={provinces.retry} />
              ) : (
                select(
                  'provinceId',
                  provinces.status === 'ok' && provinces.data
                    ? provinces.data.provinces.map((p) => ({ id: p.id, label: named(p, l) }))
                    : [],
                  (v) => set('provinceId', v, { communeId: '' }),
                  { disabled: !values.regionId },
                )
              )}
              {communes.status === 'error' ? (
                <ErrorPanel error={communes.error} retry={communes.retry} />
              ) : (
                select(
                  'communeId',
                  communes.status === 'ok' && communes.data
                    ? communes.data.communes.map((c) => ({ id: c.id, label: named(c, l) }))
                    : [],
                  (v) => set('communeId', v),
                  { disabled: !values.provinceId },
                )
              )}
            </>
          )}
        </fieldset>
        <fieldset disabled={!editable}>
          <legend>{t('wizard.applicant')}</legend>
          <div class="field">
            <label for="f-kind">{t('wizard.applicantKind')}</label>
            <select
              id="f-kind"
              value={values.kind}
              onChange={(e) => set('kind', (e.target as HTMLSelectElement).value)}
            >
              <option value="person">{t('wizard.person')}</option>
              <option value="company">{t('wizard.company')}</option>
            </select>
          </div>
          {company ? (
            <>
              {input('companyName')}
              {input('registrationNumber', { hint: 'wizard.registrationNumberHint' })}
              {input('repFirstName')}
              {input('repLastName')}
            </>
          ) : (
            <>
              {input('firstName', { autoComplete: 'off' })}
              {input('lastName')}
              {input('cin', { hint: 'wizard.cinHint', dir: 'ltr' })}
            </>
          )}
          {input('phone', { hint: 'wizard.phoneHint', type: 'tel', dir: 'ltr' })}
          {input('email', { type: 'email', dir: 'ltr' })}
          <div class="field">
            <label for="f-applicantLanguage">{t('wizard.applicantLanguage')}</label>
            <select
              id="f-applicantLanguage"
              value={values.applicantLanguage ?? 'fr'}
              onChange={(e) => set('applicantLanguage', (e.target as HTMLSelectElement).value)}
            >
              <option value="fr" lang="fr">
                Français
              </option>
              <option value="ar" lang="ar">
                العربية
              </option>
            </select>
          </div>
        </fieldset>
        <fieldset disabled={!editable}>
          <legend>{t('wizard.parcel')}</legend>
          {input('landTitle', { hint: 'wizard.landTitleHint', dir: 'ltr' })}
          {input('address')}
        </fieldset>
        <fieldset disabled={!editable}>
          <legend>{t('wizard.project')}</legend>
          {input('description')}
          {!procedure && <p class="hint">{t('wizard.chooseProcedureFirst')}</p>}
          {fields.map((f) => {
            const rule = PROJECT_FIELDS[f];
            if (rule.kind === 'category')
              return (
                <div key={f}>
                  {select(
                    f,
                    CATEGORIES.map((c) => ({ id: c, label: t(`category.${c}` as Key) })),
                    (v) => set(f, v),
                  )}
                  <div class="field checkbox">
                    <input
                      id="f-socialHousing"
                      type="checkbox"
                      checked={values.socialHousing === 'true'}
                      onChange={(e) => set('socialHousing', String((e.target as HTMLInputElement).checked))}
                    />
                    <label for="f-socialHousing">{t('project.socialHousing')}</label>
                  </div>
                </div>
              );
            return (
              <div key={f}>
                {input(f, {
                  inputMode: rule.kind === 'number' ? (rule.integer ? 'numeric' : 'decimal') : undefined,
                  dir: rule.kind === 'number' ? 'ltr' : undefined,
                  hint: rule.kind === 'number' && 'unit' in rule ? (rule.unit as Key) : undefined,
                })}
              </div>
            );
          })}
        </fieldset>
        <div class="actions">
          <button type="submit" class="button" disabled={busy || !editable}>
            {app ? t('wizard.save') : t('wizard.create')}
          </button>
          {app && <a href={href('file', l, { id: app.id })}>{t('wizard.backToFile')}</a>}
          <p role="status" class="muted" data-save={save.state}>
            {save.state === 'saving'
              ? t('wizard.saving')
              : save.state === 'saved' && save.at
                ? t('wizard.saved', { time: dateTime(save.at, l) })
                : app
                  ? t('wizard.autosave')
                  : t('wizard.keptHere')}
          </p>
        </div>
      </form>
    </>
  );
}
