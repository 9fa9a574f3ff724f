import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod';
import { parseCommuneCsv } from '../../shared/domain/geo/commune-csv.ts';
import { type Commune, Province, Region } from '../../shared/domain/geo/geo.ts';
import { REPO_ROOT } from './paths.ts';

export const GEO_DIR = path.join(REPO_ROOT, 'data', 'geo');

export interface ReferenceData {
  regions: Region[];
  provinces: Province[];
  communes: Commune[];
}

/** Reads and validates the shipped reference data; any bad row stops the load with its line. */
export function loadReferenceData(now = new Date()): ReferenceData {
  const regions = z.array(Region).parse(JSON.parse(readFileSync(path.join(GEO_DIR, 'regions.json'), 'utf8')));
  const provinces = z
    .array(Province)
    .parse(JSON.parse(readFileSync(path.join(GEO_DIR, 'provinces.json'), 'utf8')));
  const regionIds = new Set(regions.map((r) => r.id));
  const orphan = provinces.find((p) => !regionIds.has(p.regionId));
  if (orphan) throw new Error(`provinces.json: ${orphan.id} names unknown region ${orphan.regionId}`);
  // HCP codes start with the region's number, which is the ISO 3166-2:MA number (MA-01 ↔ 01).
  const misplaced = provinces.find((p) => p.code && !p.code.startsWith(`${p.regionId.slice(3)}.`));
  if (misplaced)
    throw new Error(
      `provinces.json: ${misplaced.id} has code ${misplaced.code}, outside ${misplaced.regionId}`,
    );
  const csv = readFileSync(path.join(GEO_DIR, 'communes.csv'), 'utf8');
  const { communes, errors } = parseCommuneCsv(csv, new Map(provinces.map((p) => [p.id, p])), now);
  if (errors.length > 0) {
    throw new Error(
      `communes.csv has ${errors.length} bad row(s):\n${errors.map((e) => `  line ${e.line}: ${e.message}`).join('\n')}`,
    );
  }
  return { regions, provinces, communes };
}
