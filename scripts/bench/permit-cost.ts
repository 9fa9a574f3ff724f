/**
 * `npm run bench:cost` (also run by `npm run bench`): the cost of one permit. Runs the integration
 * test that drives one application's whole life through the handlers against a throwaway local cloud
 * with every AWS call tallied (test/integration/permit-cost.test.ts), then prices the tally with
 * scripts/bench/prices-eu-west-3.json and prints the cost by service. Written to .local/permit-cost.json.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SCRYPT_PARAMS } from '../../shared/domain/signing/pin.ts';
import { LOCAL_DIR } from '../local-cloud/paths.ts';
import { type CostTally, priceTally, printPermitCost } from './cost.ts';

const out = path.join(LOCAL_DIR, 'permit-cost.json');
const root = path.join(import.meta.dirname, '..', '..');
execFileSync(
  path.join(root, 'node_modules', '.bin', 'vitest'),
  ['run', '--project', 'integration', 'test/integration/permit-cost.test.ts', '--silent'],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    // The PINs at AWS's cost (the test runs lower it, pin.ts): the signing functions' measured time is priced.
    env: { ...process.env, RUKHSA_COST_OUT: out, PIN_SCRYPT_N: String(SCRYPT_PARAMS.N) },
  },
);
const tally = JSON.parse(readFileSync(out, 'utf8')) as CostTally;
printPermitCost(priceTally(tally));
console.log('\nPer function (in-process on the local cloud: invocations, total measured time)');
for (const i of tally.invocations)
  console.log(
    `  ${i.fn.padEnd(32)} ${String(i.invocations).padStart(3)} × ${(i.totalMs / i.invocations).toFixed(0).padStart(4)} ms`,
  );
