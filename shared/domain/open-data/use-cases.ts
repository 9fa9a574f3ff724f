import { type OpenDataBucket, publishCatalogue } from './catalogue.ts';
import {
  type PublicRecordImage,
  type PublicRecordStore,
  publicRecordKeys,
  publicRecords,
  publicRecordsCsv,
} from './public-records.ts';

/** Stream side: keeps the public records of an application change (idempotent: a replay rewrites the same items). */
export async function keepPublicRecords(
  store: PublicRecordStore,
  oldImage: PublicRecordImage | undefined,
  newImage: PublicRecordImage | undefined,
): Promise<number> {
  const records = publicRecords(oldImage, newImage);
  if (records.length > 0) await store.put(records);
  return records.length;
}

/**
 * Publishes a month's decisions and permits (CSV, every record of the month so far), then rebuilds
 * the catalogue from the bucket's listing. Same records → same bytes.
 */
export async function publishMonth(
  deps: { records: PublicRecordStore; bucket: OpenDataBucket },
  month: string,
): Promise<string[]> {
  const keys = [publicRecordKeys.decisions(month), publicRecordKeys.permits(month)];
  const decisions = await deps.records.month('decision', month);
  const permits = await deps.records.month('permit', month);
  await deps.bucket.put(keys[0] as string, publicRecordsCsv(decisions), 'text/csv; charset=utf-8');
  await deps.bucket.put(keys[1] as string, publicRecordsCsv(permits), 'text/csv; charset=utf-8');
  return keys;
}

export { publishCatalogue };
