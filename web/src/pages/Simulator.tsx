import { useState } from 'preact/hooks';
import { ApiError, api, fieldErrors, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema.gen.ts';
import { describedBy, ErrorPanel, ErrorSummary, Field, Loaded, Page } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { date, labelled, money, named, num } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';

type EstimateBody = paths['/fees/estimate']['post']['requestBody'] extends {
  content: { 'application/json': infer B };
}
  ? B
  : never;
type Estimate = paths['/fees/estimate']['post']['responses'][200]['content']['application/json'];
type Project = EstimateBody['project'];
type ProcedureCode = EstimateBody['procedureCode'];
type Num = { kind: 'number'; step: string; unit?: Key };
const FIELDS: Record<string, Num | { kind: 'category' } | { kind: 'text' }> = {
  floorAreaM2: { kind: 'number', step: '0.01', unit: 'unit.m2' },
  floors: { kind: 'number', step: '1' },
  units: { kind: 'number', step: '1' },
  heightM: { kind: 'number', step: '0.01', unit: 'unit.m' },
  plotAreaM2: { kind: 'number', step: '0.01', unit: 'unit.m2' },
  lots: { kind: 'number', step: '1' },
  worksCostCentimes: { kind: 'number', step: '0.01', unit: 'unit.mad' },
  buildingCategory: { kind: 'category' },
  occupiedAreaM2: { kind: 'number', step: '0.01', unit: 'unit.m2' },
  occupationMonths: { kind: 'number', step: '1' },
  activity: { kind: 'text' },
};
const CATEGORIES = [
  'individual_housing',
  'collective_housing',
  'industrial',
  'commercial',
  'professional',
  'administrative',
  'restoration',
] as const;
const INTEGER = new Set(['floors', 'units', 'lots', 'occupationMonths']);

function useGeo(regionId: string, provinceId: string) {
  const regions = useResource(() => unwrap(api().GET('/geo/regions')), []);
  const provinces = useResource(
    () =>
      regionId
        ? unwrap(api().GET('/geo/regions/{regionId}/provinces', { params: { path: { regionId } } }))
        : Promise.resolve(undefined),
    [regionId],
  );
  const communes = useResource(
    () =>
      provinceId
        ? unwrap(api().GET('/geo/provinces/{provinceId}/communes', { params: { path: { provinceId } } }))
        : Promise.resolve(undefined),
    [provinceId],
  );
  return { regions, provinces, communes };
}

/** The fee simulator (`POST /fees/estimate`): where, what, the project's figures → the lines and their legal basis. */
export default function Simulator() {
  const l = lang.value;
  const [regionId, setRegion] = useState('');
  const [provinceId, setProvince] = useState('');
  const [communeId, setCommune] = useState('');
  const [procedureCode, setProcedure] = useState<ProcedureCode | ''>('');
  const [values, setValues] = useState<Record<string, string> & { description: string }>({ description: '' });
  const [social, setSocial] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ estimate?: Estimate; error?: unknown }>();
  const [busy, setBusy] = useState(false);
  const geo = useGeo(regionId, provinceId);
  const catalogue = useResource(() => unwrap(api().GET('/procedures')), []);
  const procedure =
    catalogue.status === 'ok' ? catalogue.data.procedures.find((p) => p.code === procedureCode) : undefined;
  const fields = (procedure?.requiredProjectFields ?? []).filter((f) => f in FIELDS);
  const labels: Record<string, string> = {
    regionId: t('common.region'),
    provinceId: t('common.province'),
    communeId: t('common.commune'),
    procedureCode: t('simulator.procedure'),
    description: t('simulator.description'),
    ...Object.fromEntries(Object.keys(FIELDS).map((f) => [f, t(`project.${f}` as Key)])),
  };

  async function submit(e: Event) {
    e.preventDefault();
    const missing: Record<string, string> = {};
    // The first of the three pickers still to choose (the next ones stay disabled until then).
    if (!communeId)
      missing[!regionId ? 'regionId' : !provinceId ? 'provinceId' : 'communeId'] =
        t('simulator.chooseCommune');
    if (!procedureCode) missing.procedureCode = t('simulator.chooseProcedure');
    if (values.description.trim().length < 3) missing.description = t('simulator.describe');
    const project: Record<string, unknown> = { description: values.description.trim() };
    for (const f of fields) {
      const raw = (values[f] ?? '').trim().replace(',', '.');
      if (!raw) continue;
      if (FIELDS[f]?.kind === 'number') {
        const n = Number(raw);
        if (!Number.isFinite(n) || n < 0 || (INTEGER.has(f) && !Number.isInteger(n))) {
          missing[f] = t('simulator.badNumber');
          continue;
        }
        project[f] = f === 'worksCostCentimes' ? Math.round(n * 100) : n;
      } else project[f] = raw;
    }
    if (fields.includes('buildingCategory')) project.socialHousing = social;
    setErrors(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      const estimate = await unwrap(
        api().POST('/fees/estimate', {
          body: { communeId, procedureCode: procedureCode as ProcedureCode, project: project as Project },
        }),
      );
      setResult({ estimate });
    } catch (error) {
      const byField = fieldErrors(error);
      const mapped = Object.fromEntries(
        Object.entries(byField).map(([k, v]) => [k.replace(/^project\./, ''), v]),
      );
      setErrors(mapped);
      setResult(Object.keys(mapped).length ? undefined : { error });
    } finally {
      setBusy(false);
    }
  }

  const select = (
    name: string,
    value: string,
    onChange: (v: string) => void,
    options: { id: string; label: string }[],
    disabled = false,
  ) => (
    <Field name={name} label={labels[name] ?? name} error={errors[name]}>
      <select
        id={`f-${name}`}
        name={name}
        value={value}
        disabled={disabled}
        aria-describedby={describedBy(name, undefined, errors[name])}
        aria-invalid={errors[name] ? true : undefined}
        onChange={(e) => onChange((e.target as HTMLSelectElement).value)}
      >
        <option value="">{t('common.choose')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );

  return (
    <Page title={t('simulator.title')} lead={t('simulator.lead')}>
      <ErrorSummary errors={errors} labels={labels} />
      <Loaded resource={geo.regions}>
        {(r) => (
          <form onSubmit={submit} noValidate>
            <fieldset>
              <legend>{t('simulator.where')}</legend>
              {select(
                'regionId',
                regionId,
                (v) => {
                  setRegion(v);
                  setProvince('');
                  setCommune('');
                },
                r.regions.map((x) => ({ id: x.id, label: named(x, l) })),
              )}
              {geo.provinces.status === 'error' ? (
                <ErrorPanel error={geo.provinces.error} retry={geo.provinces.retry} />
              ) : (
                select(
                  'provinceId',
                  provinceId,
                  (v) => {
                    setProvince(v);
                    setCommune('');
                  },
                  geo.provinces.status === 'ok' && geo.provinces.data
                    ? geo.provinces.data.provinces.map((x) => ({ id: x.id, label: named(x, l) }))
                    : [],
                  !regionId,
                )
              )}
              {geo.communes.status === 'error' ? (
                <ErrorPanel error={geo.communes.error} retry={geo.communes.retry} />
              ) : (
                select(
                  'communeId',
                  communeId,
                  setCommune,
                  geo.communes.status === 'ok' && geo.communes.data
                    ? geo.communes.data.communes.map((x) => ({ id: x.id, label: named(x, l) }))
                    : [],
                  !provinceId,
                )
              )}
            </fieldset>
            <fieldset>
              <legend>{t('simulator.what')}</legend>
              {catalogue.status === 'error' ? (
                <ErrorPanel error={catalogue.error} retry={catalogue.retry} />
              ) : (
                select(
                  'procedureCode',
                  procedureCode,
                  (v) => setProcedure(v as ProcedureCode),
                  catalogue.status === 'ok'
                    ? catalogue.data.procedures.map((p) => ({ id: p.code, label: labelled(p, l) }))
                    : [],
                )
              )}
              <Field
                name="description"
                label={labels.description as string}
                hint={t('simulator.descriptionHint')}
                error={errors.description}
              >
                <input
                  id="f-description"
                  name="description"
                  value={values.description}
                  aria-describedby={describedBy('description', 'hint', errors.description)}
                  aria-invalid={errors.description ? true : undefined}
                  onInput={(e) => setValues({ ...values, description: (e.target as HTMLInputElement).value })}
                />
              </Field>
              {fields.map((f) => {
                const spec = FIELDS[f];
                const hint = spec?.kind === 'number' && spec.unit ? t(spec.unit) : undefined;
                return (
                  <Field key={f} name={f} label={labels[f] as string} hint={hint} error={errors[f]}>
                    {spec?.kind === 'category' ? (
                      <select
                        id={`f-${f}`}
                        name={f}
                        value={values[f] ?? ''}
                        aria-invalid={errors[f] ? true : undefined}
                        aria-describedby={describedBy(f, hint, errors[f])}
                        onChange={(e) => setValues({ ...values, [f]: (e.target as HTMLSelectElement).value })}
                      >
                        <option value="">{t('common.choose')}</option>
                        {CATEGORIES.map((c) => (
                          <option key={c} value={c}>
                            {t(`category.${c}`)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        id={`f-${f}`}
                        name={f}
                        inputMode={spec?.kind === 'number' ? 'decimal' : undefined}
                        value={values[f] ?? ''}
                        aria-invalid={errors[f] ? true : undefined}
                        aria-describedby={describedBy(f, hint, errors[f])}
                        onInput={(e) => setValues({ ...values, [f]: (e.target as HTMLInputElement).value })}
                      />
                    )}
                  </Field>
                );
              })}
              {fields.includes('buildingCategory') && (
                <div class="field">
                  <input
                    type="checkbox"
                    id="f-socialHousing"
                    checked={social}
                    onChange={(e) => setSocial((e.target as HTMLInputElement).checked)}
                  />{' '}
                  <label for="f-socialHousing" class="inline">
                    {t('project.socialHousing')}
                  </label>
                </div>
              )}
            </fieldset>
            <div class="actions">
              <button type="submit" class="button" disabled={busy}>
                {t('simulator.submit')}
              </button>
            </div>
          </form>
        )}
      </Loaded>
      <div aria-live="polite">
        {result?.estimate && <EstimateView estimate={result.estimate} />}
        {result?.error !== undefined && (
          <EstimateError error={result.error} retry={() => setResult(undefined)} />
        )}
      </div>
    </Page>
  );
}

function EstimateError({ error, retry }: { error: unknown; retry: () => void }) {
  if (error instanceof ApiError && error.kind === 'no-tariff')
    return (
      <div class="panel panel-warning" id="estimate" role="status">
        <h2>{t('simulator.noTariffTitle')}</h2>
        <p>{t('simulator.noTariff')}</p>
      </div>
    );
  if (error instanceof ApiError && error.kind === 'fee-data-missing')
    return (
      <div class="panel panel-warning" id="estimate" role="status">
        <h2>{t('simulator.dataMissingTitle')}</h2>
        <p>{error.problem.detail}</p>
      </div>
    );
  return <ErrorPanel error={error} retry={retry} />;
}

function EstimateView({ estimate }: { estimate: Estimate }) {
  const l = lang.value;
  return (
    <section class="panel panel-ok" id="estimate" aria-labelledby="estimate-title">
      <h2 id="estimate-title">{t('simulator.result')}</h2>
      <p class="muted">
        {t('simulator.tariffOf', {
          on: date(estimate.onDate, l),
          from: date(estimate.tariffEffectiveFrom, l),
        })}
      </p>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t('simulator.result')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('simulator.line')}</th>
              <th scope="col" class="num">
                {t('simulator.quantity')}
              </th>
              <th scope="col" class="num">
                {t('simulator.unitPrice')}
              </th>
              <th scope="col" class="num">
                {t('simulator.amount')}
              </th>
              <th scope="col">{t('simulator.legalBasis')}</th>
            </tr>
          </thead>
          <tbody>
            {estimate.lines.map((line) => (
              <tr key={line.code} data-line={line.code}>
                <td>
                  {l === 'ar' ? line.labelAr : line.label}
                  {line.exempted && <p class="muted">{t('simulator.exempted', { reason: line.exempted })}</p>}
                  {!line.mandatory && <p class="muted">{t('simulator.optional')}</p>}
                </td>
                <td class="num">
                  {num(line.quantity, l)} {line.unit === 'forfait' ? t('unit.flat') : line.unit}
                </td>
                <td class="num">{money(line.unitPriceCentimes, l)}</td>
                <td class="num" data-amount={line.amountCentimes}>
                  {money(line.amountCentimes, l)}
                </td>
                <td lang="fr" dir="ltr">
                  {line.legalBasis}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        {t('simulator.total')}{' '}
        <span class="total" data-total={estimate.totalCentimes}>
          {money(estimate.totalCentimes, l)}
        </span>
      </p>
      <p class="muted">{t('simulator.disclaimer')}</p>
    </section>
  );
}
