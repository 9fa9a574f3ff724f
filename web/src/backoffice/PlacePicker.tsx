import { api, unwrap } from '../api/client.ts';
import { Field } from '../components/ui.tsx';
import { lang, t } from '../i18n/index.ts';
import { named } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';

export type Place = { regionId: string; provinceId: string; communeId: string };

/**
 * Region → province → commune, each list loaded from `/geo` once its parent is chosen; a change
 * clears the levels below. `depth` stops at the province when a commune is not asked for.
 */
export function PlacePicker({
  prefix,
  place,
  setPlace,
  depth = 'commune',
  anyLabel = t('bo.any'),
  pickLabel = anyLabel,
}: {
  prefix: string;
  place: Place;
  setPlace: (p: Place) => void;
  depth?: 'province' | 'commune';
  anyLabel?: string;
  /** The empty choice below the region, where "any" does not fit (a province to act on). */
  pickLabel?: string;
}) {
  const l = lang.value;
  const regions = useResource(() => unwrap(api().GET('/geo/regions')), []);
  const provinces = useResource(async () => {
    if (!place.regionId) return [];
    const regionId = place.regionId;
    return (await unwrap(api().GET('/geo/regions/{regionId}/provinces', { params: { path: { regionId } } })))
      .provinces;
  }, [place.regionId]);
  const communes = useResource(async () => {
    if (!place.provinceId || depth !== 'commune') return [];
    const provinceId = place.provinceId;
    return (
      await unwrap(api().GET('/geo/provinces/{provinceId}/communes', { params: { path: { provinceId } } }))
    ).communes;
  }, [place.provinceId, depth]);
  const value = (e: Event) => (e.target as HTMLSelectElement).value;
  return (
    <>
      <Field name={`${prefix}-region`} label={t('bo.ministry.region')}>
        <select
          id={`f-${prefix}-region`}
          value={place.regionId}
          onChange={(e) => setPlace({ regionId: value(e), provinceId: '', communeId: '' })}
        >
          <option value="">{anyLabel}</option>
          {regions.status === 'ok' &&
            regions.data.regions.map((r) => (
              <option key={r.id} value={r.id}>
                {named(r, l)}
              </option>
            ))}
        </select>
      </Field>
      <Field name={`${prefix}-province`} label={t('common.province')}>
        <select
          id={`f-${prefix}-province`}
          value={place.provinceId}
          disabled={!place.regionId}
          onChange={(e) => setPlace({ ...place, provinceId: value(e), communeId: '' })}
        >
          <option value="">{pickLabel}</option>
          {provinces.status === 'ok' &&
            provinces.data.map((p) => (
              <option key={p.id} value={p.id}>
                {named(p, l)}
              </option>
            ))}
        </select>
      </Field>
      {depth === 'commune' && (
        <Field name={`${prefix}-commune`} label={t('common.commune')}>
          <select
            id={`f-${prefix}-commune`}
            value={place.communeId}
            disabled={!place.provinceId}
            onChange={(e) => setPlace({ ...place, communeId: value(e) })}
          >
            <option value="">{pickLabel}</option>
            {communes.status === 'ok' &&
              communes.data.map((c) => (
                <option key={c.id} value={c.id}>
                  {named(c, l)}
                </option>
              ))}
          </select>
        </Field>
      )}
    </>
  );
}
