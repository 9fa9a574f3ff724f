/**
 * Recomputes a published ranking from the public open data alone: downloads the period's inputs and
 * the methodology they name, ranks them with the published rules (shared/domain/ranking) and
 * compares the result with the published JSON and CSV, byte for byte. Uses nothing but HTTP GETs on
 * the open-data site: no credentials, no API, no table.
 */
import { createHash } from 'node:crypto';
import { RankingInputsSchema, snapshotFromInputs } from '../../shared/domain/ranking/inputs.ts';
import { Methodology } from '../../shared/domain/ranking/methodology.ts';
import { openDataKeys, rankingCsv, rankingJson } from '../../shared/domain/ranking/publish.ts';

export interface RecomputeResult {
  period: string;
  inputsSha256: string;
  files: { key: string; published: string; recomputed: string; identical: boolean }[];
  identical: boolean;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function recomputeRanking(
  baseUrl: string,
  period: string,
  get: (url: string) => Promise<Response> = fetch,
): Promise<RecomputeResult> {
  const base = baseUrl.replace(/\/$/, '');
  const download = async (key: string) => {
    const response = await get(`${base}/${key}`);
    if (!response.ok)
      throw new Error(`GET ${base}/${key} answered ${response.status}: is ${period} published?`);
    return response.text();
  };
  const inputsText = await download(openDataKeys.inputsJson(period));
  const inputs = RankingInputsSchema.parse(JSON.parse(inputsText));
  const methodology = Methodology.parse(JSON.parse(await download(inputs.methodology)));
  const snapshot = snapshotFromInputs(inputs, methodology);
  const recomputed: [string, string][] = [
    [openDataKeys.json(period), rankingJson(snapshot)],
    [openDataKeys.csv(period), rankingCsv(snapshot)],
  ];
  const files = [];
  for (const [key, text] of recomputed) {
    const published = await download(key);
    files.push({
      key,
      published: sha256(published),
      recomputed: sha256(text),
      identical: published === text,
    });
  }
  return { period, inputsSha256: sha256(inputsText), files, identical: files.every((f) => f.identical) };
}
