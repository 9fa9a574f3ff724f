/**
 * `npm run recompute:ranking -- <YYYY-MM> [open-data URL]`: reproduces a published ranking from the
 * public open data alone and says whether it matches the published files byte for byte (exit 0) or
 * not (exit 1). The URL defaults to the local cloud's open-data site (.local/outputs.json), or
 * RUKHSA_OPEN_DATA_URL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { OUTPUTS_FILE } from './local-cloud/paths.ts';
import { recomputeRanking } from './open-data/recompute.ts';

const [period, urlArgument] = process.argv.slice(2);
if (!period || !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) {
  console.error('Usage: npm run recompute:ranking -- <YYYY-MM> [open-data URL]');
  process.exit(2);
}
const baseUrl =
  urlArgument ??
  process.env.RUKHSA_OPEN_DATA_URL ??
  (existsSync(OUTPUTS_FILE)
    ? (JSON.parse(readFileSync(OUTPUTS_FILE, 'utf8')).openDataUrl as string)
    : undefined);
if (!baseUrl) {
  console.error(
    'No open-data URL: pass one, set RUKHSA_OPEN_DATA_URL, or start the local cloud (npm start).',
  );
  process.exit(2);
}
const result = await recomputeRanking(baseUrl, period);
console.log(`Inputs ${baseUrl}/rankings/${period}/inputs.json (sha256 ${result.inputsSha256})`);
for (const file of result.files)
  console.log(
    `${file.identical ? 'identical' : 'DIFFERENT'}  ${file.key}  published ${file.published.slice(0, 16)}…  recomputed ${file.recomputed.slice(0, 16)}…`,
  );
console.log(
  result.identical
    ? 'The published ranking is reproduced byte for byte.'
    : 'The ranking does NOT match its inputs.',
);
process.exit(result.identical ? 0 : 1);
