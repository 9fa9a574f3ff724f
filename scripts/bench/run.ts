/**
 * `npm run bench`: the numbers the foundation promises, measured on a throwaway local cloud.
 * - deploy time: first (bootstrap + synth + deploy), unchanged `cdk deploy`, and the skip path of `npm start`;
 * - request latency through the HTTP API: cold (first call of a function) and warm (median, p95),
 *   against the emulator's own health endpoint (no Lambda) measured in the same run as the baseline;
 * - cold import per function against a bundle of only the SDK clients it uses (scripts/bench/cold-start.ts);
 * - PIN verification (scrypt) against a plain SHA-256, and sign-and-issue against its PIN verification;
 * - the web portal's first load: gzipped JavaScript per public page and its LCP (scripts/bench/web.ts);
 * - a 10 MB document uploaded from the workspace, against curl on the same presigned form (scripts/bench/upload.ts);
 * - load: 20 connections on the public routes and an upload URL, ours against bare handlers (scripts/bench/load.ts);
 * - then the ranking benchmark and the cost of one permit (scripts/bench/permit-cost.ts).
 * Results are printed and written to .local/bench.json.
 */
import './binary-imports.ts';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { measurePinVerification } from '../../shared/domain/signing/pin.ts';
import { deployLocal } from '../local-cloud/deploy.ts';
import { freePort, LOCAL_REGION, startLocalCloud, stopLocalCloud } from '../local-cloud/ministack.ts';
import { LOCAL_DIR } from '../local-cloud/paths.ts';
import { seedDemoUsers, seedReferenceData } from '../local-cloud/seed.ts';
import { signInWithSrp } from '../local-cloud/srp-sign-in.ts';
import { ensureVenv } from '../local-cloud/venv.ts';
import { startWebServer, webBuildIsStale, webConfig } from '../local-cloud/web-server.ts';
import { benchColdStarts, printColdStarts } from './cold-start.ts';
import { benchLoad, printLoad } from './load.ts';
import { benchSignAndIssue } from './signing.ts';
import { benchUpload, printUpload } from './upload.ts';
import { benchWeb, printWeb } from './web.ts';

const WARM_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const quiet = () => undefined;
const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function timed(url: string, headers: Record<string, string> = {}) {
  const t = performance.now();
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - t;
}

async function main() {
  ensureVenv();
  const stateDir = mkdtempSync(path.join(tmpdir(), 'rukhsa-bench-'));
  const port = await freePort();
  const webUrl = `http://127.0.0.1:${await freePort()}`;
  const cloud = await startLocalCloud({ port, stateDir, persist: false });
  try {
    // A first deploy as on a fresh clone: every function bundled, none taken from the bundle cache.
    const first = await deployLocal({ port, stateDir, webUrl, log: quiet, reuseBundles: false });
    const unchanged = await deployLocal({ port, stateDir, webUrl, log: quiet });
    const skipped = await deployLocal({ port, stateDir, webUrl, log: quiet, skipIfUnchanged: true });
    const { outputs } = first;
    await seedReferenceData(port, outputs, quiet);
    const users = await seedDemoUsers(port, outputs, path.join(stateDir, 'users.json'), quiet);
    const desk = users.find((u) => u.role === 'desk_agent');
    const cognito = new CognitoIdentityProviderClient({
      region: LOCAL_REGION,
      endpoint: cloud.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const auth = await signInWithSrp(cognito, {
      userPoolId: outputs.userPoolId,
      clientId: outputs.userPoolClientId,
      username: desk?.username ?? '',
      password: desk?.password ?? '',
    });
    const bearer = { authorization: `Bearer ${auth.AuthenticationResult?.IdToken}` };

    const baselineUrl = `${cloud.endpoint}/_ministack/health`;
    await timed(baselineUrl);
    const baseline: number[] = [];
    for (let i = 0; i < WARM_REQUESTS; i++) baseline.push(await timed(baselineUrl));

    const routes: { name: string; path: string; headers?: Record<string, string> }[] = [
      { name: 'GET /health', path: '/health' },
      { name: 'GET /geo/regions', path: '/geo/regions' },
      { name: 'GET /geo/provinces/MA-CAS/communes', path: '/geo/provinces/MA-CAS/communes' },
      { name: 'GET /me (JWT)', path: '/me', headers: bearer },
    ];
    const latency = [];
    for (const route of routes) {
      const url = `${outputs.apiUrl}${route.path}`;
      const cold = await timed(url, route.headers);
      const warm: number[] = [];
      for (let i = 0; i < WARM_REQUESTS; i++) warm.push(await timed(url, route.headers));
      latency.push({
        route: route.name,
        coldMs: cold,
        warmMedianMs: median(warm),
        warmP95Ms: quantile(warm, 0.95),
      });
    }

    // Cold starts: each function's code asset in the cloud assembly the deploy produced.
    const assembly = path.join(stateDir, 'cdk.out');
    const coldStarts = await benchColdStarts(assembly);

    // PIN verification cost (scrypt, OWASP parameters), against a plain SHA-256 of the same PIN.
    const pin = await measurePinVerification(7);
    const sha = performance.now();
    for (let i = 0; i < 1000; i++) createHash('sha256').update('482913').digest();
    const shaMs = (performance.now() - sha) / 1000;

    // Sign-and-issue (in-process, real adapters against this local cloud), with its PIN check as the baseline.
    const signAndIssue = await benchSignAndIssue(cloud.endpoint, outputs);

    // Holding load: our handlers against bare ones making the same AWS calls (scripts/bench/load.ts).
    const load = await benchLoad(cloud.endpoint, outputs);

    // The web portal as `npm start` serves it.
    if (webBuildIsStale()) execFileSync('npm', ['run', '--silent', 'web:build'], { stdio: 'inherit' });
    const siteConfig = webConfig(outputs, cloud.endpoint);
    const site = await startWebServer({ port: Number(new URL(webUrl).port), config: siteConfig });
    const web = await benchWeb(site.url, siteConfig);
    // A 10 MB document from the workspace (the demo professional is verified), against curl.
    const pro = users.find((u) => u.role === 'professional');
    const proAuth = await signInWithSrp(cognito, {
      userPoolId: outputs.userPoolId,
      clientId: outputs.userPoolClientId,
      username: pro?.username ?? '',
      password: pro?.password ?? '',
    });
    const upload = await benchUpload({
      siteUrl: site.url,
      apiUrl: outputs.apiUrl,
      token: proAuth.AuthenticationResult?.IdToken ?? '',
      username: pro?.username ?? '',
      password: pro?.password ?? '',
    }).finally(() => site.close());

    const results = {
      web,
      upload,
      load,
      pinVerification: { scryptMedianMs: pin.medianMs, sha256Ms: shaMs },
      signAndIssue,
      date: new Date().toISOString(),
      node: process.version,
      deploy: {
        firstSeconds: first.seconds,
        unchangedCdkDeploySeconds: unchanged.seconds,
        unchangedSkippedSeconds: skipped.seconds,
      },
      baseline: {
        route: 'GET /_ministack/health (emulator, no Lambda)',
        medianMs: median(baseline),
        p95Ms: quantile(baseline, 0.95),
      },
      latency,
      coldStarts,
    };
    mkdirSync(LOCAL_DIR, { recursive: true });
    writeFileSync(path.join(LOCAL_DIR, 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);

    console.log(
      `\nDeploy on the local cloud (${readdirSync(assembly).filter((f) => f.startsWith('asset.')).length} assets)`,
    );
    console.log(`  first (bootstrap + synth + deploy)  ${first.seconds.toFixed(1)} s`);
    console.log(`  unchanged, cdk deploy               ${unchanged.seconds.toFixed(1)} s`);
    console.log(`  unchanged, npm start's skip         ${skipped.seconds.toFixed(2)} s`);
    console.log(`\nLatency through the HTTP API, ${WARM_REQUESTS} sequential warm requests each`);
    console.log(
      `  baseline ${results.baseline.route}: median ${ms(results.baseline.medianMs)}, p95 ${ms(results.baseline.p95Ms)}`,
    );
    for (const l of latency) {
      console.log(
        `  ${l.route.padEnd(36)} cold ${ms(l.coldMs).padStart(9)}   warm median ${ms(l.warmMedianMs).padStart(8)} (×${(l.warmMedianMs / results.baseline.medianMs).toFixed(1)} baseline)   p95 ${ms(l.warmP95Ms)}`,
      );
    }
    printColdStarts(coldStarts);
    console.log(
      `\nPIN verification (scrypt N=2^17, r=8, p=1): median ${ms(pin.medianMs)} (×${Math.round(pin.medianMs / shaMs)} a plain SHA-256, ${ms(shaMs)})`,
    );
    console.log(
      `\nSign and issue a permit (PIN, PDF + QR, KMS sign, S3 put, transaction), ${signAndIssue.runs} runs: median ${ms(signAndIssue.medianMs)}, p95 ${ms(signAndIssue.p95Ms)} (×${(signAndIssue.medianMs / signAndIssue.pinVerificationMedianMs).toFixed(1)} its PIN verification alone, ${ms(signAndIssue.pinVerificationMedianMs)})`,
    );
    printWeb(web);
    printUpload(upload);
    printLoad(load);
    console.log('\nWritten to .local/bench.json');
  } finally {
    await stopLocalCloud(cloud.pid);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();

// The ranking benchmark needs no cloud: its own script (`npm run bench:ranking` runs it alone).
execFileSync(process.execPath, [path.join(import.meta.dirname, 'ranking.ts')], { stdio: 'inherit' });

// The cost of one permit: the tallied life runs as an integration test on its own throwaway cloud
// (`npm run bench:cost` runs it alone), after this one is stopped so the two do not share the cores.
execFileSync(process.execPath, [path.join(import.meta.dirname, 'permit-cost.ts')], { stdio: 'inherit' });
