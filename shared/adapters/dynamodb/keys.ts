/**
 * Key builders for the single table. Generic attribute names (pk/sk, gsi1pk/gsi1sk, gsi2pk/gsi2sk)
 * keep the table shape stable while entities come and go; docs/data-model.md lists every access
 * pattern with the key that serves it.
 */
export const TABLE_KEYS = {
  partition: 'pk',
  sort: 'sk',
  gsi1: { name: 'gsi1', partition: 'gsi1pk', sort: 'gsi1sk' },
  gsi2: { name: 'gsi2', partition: 'gsi2pk', sort: 'gsi2sk' },
  ttl: 'expiresAt',
} as const;

export const keys = {
  region: (id: string) => ({
    pk: `REGION#${id}`,
    sk: 'REGION',
    gsi1pk: 'REGIONS',
    gsi1sk: `REGION#${id}`,
  }),
  province: (id: string, regionId: string) => ({
    pk: `PROVINCE#${id}`,
    sk: 'PROVINCE',
    gsi1pk: `REGION#${regionId}#PROVINCES`,
    gsi1sk: `PROVINCE#${id}`,
  }),
  commune: (id: string, provinceId: string, nameKey: string) => ({
    pk: `COMMUNE#${id}`,
    sk: 'COMMUNE',
    gsi1pk: `PROVINCE#${provinceId}#COMMUNES`,
    gsi1sk: `COMMUNE#${nameKey}#${id}`,
  }),
  /** Marks a reference-data load, so a second `npm start` does not seed again. */
  seedMarker: (name: string) => ({ pk: `SEED#${name}`, sk: 'SEED' }),
} as const;

/** Attributes that are keys, not data: stripped before an item leaves the repository. */
export const stripKeys = <T extends Record<string, unknown>>(
  item: T,
): Omit<T, 'pk' | 'sk' | 'gsi1pk' | 'gsi1sk' | 'gsi2pk' | 'gsi2sk' | 'entity'> => {
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, entity, ...data } = item;
  return data;
};
