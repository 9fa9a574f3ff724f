/**
 * A document upload from the workspace, measured in headless Chromium against the local cloud: the
 * time from choosing a 10 MB PDF in the page to the server's confirmation (SHA-256 in the browser,
 * the presigned form from the API, the POST to S3 with its progress bar, the confirm call that
 * re-reads and hashes the object), split by phase, against a plain presigned upload of the same file
 * with curl in the same run (the floor: the emulator's S3 and the machine, none of our code).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { launchChromium } from '../local-cloud/chromium.ts';

export const UPLOAD_MB = 10;
const SLOT = 'ARCH_PLANS';

export interface UploadBench {
  fileMB: number;
  runs: number;
  browser: { medianMs: number; all: number[]; phasesMs: Record<string, number> };
  curl: { medianMs: number; all: number[] };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function call(
  apiUrl: string,
  token: string,
  route: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${apiUrl}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { id: string; url: string; fields: Record<string, string> };
  if (!res.ok) throw new Error(`${route}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Phase changes of the document row, timed in the page (what the Node side cannot see precisely). */
interface BenchGlobal {
  __marks: { phase: string; at: number }[];
  document: {
    querySelector(selector: string): { getAttribute(name: string): string };
    addEventListener(type: string, listener: () => void, options: unknown): void;
  };
  MutationObserver: new (cb: () => void) => { observe(target: unknown, options: unknown): void };
  performance: { now(): number };
}

export async function benchUpload(options: {
  siteUrl: string;
  apiUrl: string;
  token: string;
  username: string;
  password: string;
  runs?: number;
}): Promise<UploadBench> {
  const runs = options.runs ?? 3;
  const dir = mkdtempSync(path.join(tmpdir(), 'rukhsa-upload-'));
  const file = path.join(dir, 'plans.pdf');
  const head = Buffer.from('%PDF-1.4\n');
  const body = Buffer.alloc(UPLOAD_MB * 1024 * 1024, 0x20);
  head.copy(body);
  writeFileSync(file, body);
  const draft = await call(
    options.apiUrl,
    options.token,
    '/applications',
    {
      procedureCode: 'BUILDING_PERMIT',
      communeId: 'cas-casablanca',
      applicant: { kind: 'person', firstName: 'Banc', lastName: 'Essai', cin: 'BK123456' },
      parcel: { landTitle: '12345/C', address: '1 rue du Banc, Casablanca' },
      project: {
        description: 'Mesure',
        floorAreaM2: 120,
        floors: 1,
        units: 1,
        buildingCategory: 'individual_housing',
      },
    },
    { 'idempotency-key': `bench-upload-${Date.now()}` },
  );

  const browser = await launchChromium();
  const browserMs: number[] = [];
  const phases: Record<string, number[]> = {};
  const curlMs: number[] = [];
  try {
    const context = await browser.newContext({ locale: 'fr-MA' });
    const page = await context.newPage();
    await page.goto(`${options.siteUrl}/fr/connexion`);
    await page.fill('#f-username', options.username);
    await page.fill('#f-password', options.password);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/fr\/espace$/);
    await page.goto(`${options.siteUrl}/fr/espace/dossiers/${draft.id}`);
    const row = page.locator(`[data-doc="${SLOT}"]`);
    await row.waitFor();
    for (let i = 1; i <= runs; i++) {
      await page.evaluate((slot) => {
        const w = globalThis as unknown as BenchGlobal;
        w.__marks = [];
        const li = w.document.querySelector(`[data-doc="${slot}"]`);
        w.document.addEventListener(
          'change',
          () => w.__marks.push({ phase: 'chosen', at: w.performance.now() }),
          {
            capture: true,
            once: true,
          },
        );
        new w.MutationObserver(() => {
          const phase = li.getAttribute('data-phase');
          if (w.__marks.at(-1)?.phase !== phase) w.__marks.push({ phase, at: w.performance.now() });
        }).observe(li, { attributes: true, attributeFilter: ['data-phase'] });
      }, SLOT);
      await page.setInputFiles(`#f-file-${SLOT}`, file);
      await row.locator(`.doc-current[data-version="${i}"]`).waitFor({ timeout: 120_000 });
      const marks = await page.evaluate(() => (globalThis as unknown as BenchGlobal).__marks);
      const start = marks.find((m) => m.phase === 'chosen')?.at ?? Number.NaN;
      const done = marks.find((m) => m.phase === 'done')?.at ?? Number.NaN;
      browserMs.push(done - start);
      for (let j = 1; j < marks.length; j++) {
        const from = marks[j - 1] as { phase: string; at: number };
        const list = phases[from.phase] ?? [];
        list.push((marks[j] as { at: number }).at - from.at);
        phases[from.phase] = list;
      }

      // The same file through a presigned form of the same slot, with curl.
      const form = await call(
        options.apiUrl,
        options.token,
        `/applications/${draft.id}/documents/${SLOT}/uploads`,
        { contentType: 'application/pdf', sizeBytes: body.length },
      );
      const args = ['-s', '-o', '/dev/null', '-w', '%{http_code} %{time_total}'];
      for (const [k, v] of Object.entries(form.fields as Record<string, string>))
        args.push('-F', `${k}=${v}`);
      args.push('-F', `file=@${file};type=application/pdf`, form.url);
      const [status, seconds] = execFileSync('curl', args, { encoding: 'utf8' }).trim().split(' ');
      if (status !== '204') throw new Error(`curl presigned upload: HTTP ${status}`);
      curlMs.push(Number(seconds) * 1000);
    }
    await context.close();
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    fileMB: UPLOAD_MB,
    runs,
    browser: {
      medianMs: median(browserMs),
      all: browserMs,
      phasesMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, median(v)])),
    },
    curl: { medianMs: median(curlMs), all: curlMs },
  };
}

export function printUpload(r: UploadBench) {
  console.log(
    `\nWorkspace upload of a ${r.fileMB} MB PDF, median of ${r.runs} (choose → server confirmation)`,
  );
  console.log(
    `  browser (hash + form + S3 POST + confirm)  ${r.browser.medianMs.toFixed(0)} ms   (×${(r.browser.medianMs / r.curl.medianMs).toFixed(1)} curl)`,
  );
  // Each phase lasts until the row's next one: `hashing` covers the SHA-256 and the form request.
  const label: Record<string, string> = {
    chosen: 'pre-check',
    hashing: 'SHA-256 + presigned form',
    uploading: 'POST to S3',
    confirming: 'confirm (server re-hash)',
  };
  for (const [phase, ms] of Object.entries(r.browser.phasesMs))
    console.log(`    ${(label[phase] ?? phase).padEnd(26)} ${ms.toFixed(0)} ms`);
  console.log(`  curl, plain presigned POST of the same file  ${r.curl.medianMs.toFixed(0)} ms`);
}

/** `node scripts/bench/upload.ts`: this measurement alone, on its own throwaway local cloud. */
async function standalone() {
  const { CognitoIdentityProviderClient } = await import('@aws-sdk/client-cognito-identity-provider');
  const { signInWithSrp } = await import('../local-cloud/srp-sign-in.ts');
  const { deployLocal } = await import('../local-cloud/deploy.ts');
  const { freePort, LOCAL_REGION, startLocalCloud, stopLocalCloud } = await import(
    '../local-cloud/ministack.ts'
  );
  const { seedDemoUsers, seedReferenceData } = await import('../local-cloud/seed.ts');
  const { ensureVenv } = await import('../local-cloud/venv.ts');
  const { startWebServer, webBuildIsStale, webConfig } = await import('../local-cloud/web-server.ts');
  ensureVenv();
  const quiet = () => undefined;
  const stateDir = mkdtempSync(path.join(tmpdir(), 'rukhsa-bench-upload-'));
  const port = await freePort();
  const webUrl = `http://127.0.0.1:${await freePort()}`;
  const cloud = await startLocalCloud({ port, stateDir, persist: false });
  try {
    const { outputs } = await deployLocal({ port, stateDir, webUrl, log: quiet });
    await seedReferenceData(port, outputs, quiet);
    const users = await seedDemoUsers(port, outputs, path.join(stateDir, 'users.json'), quiet);
    const pro = users.find((u) => u.role === 'professional');
    const cognito = new CognitoIdentityProviderClient({
      region: LOCAL_REGION,
      endpoint: cloud.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const auth = await signInWithSrp(cognito, {
      userPoolId: outputs.userPoolId,
      clientId: outputs.userPoolClientId,
      username: pro?.username ?? '',
      password: pro?.password ?? '',
    });
    if (webBuildIsStale()) execFileSync('npm', ['run', '--silent', 'web:build'], { stdio: 'inherit' });
    const site = await startWebServer({
      port: Number(new URL(webUrl).port),
      config: webConfig(outputs, cloud.endpoint),
    });
    const result = await benchUpload({
      siteUrl: site.url,
      apiUrl: outputs.apiUrl,
      token: auth.AuthenticationResult?.IdToken ?? '',
      username: pro?.username ?? '',
      password: pro?.password ?? '',
    }).finally(() => site.close());
    printUpload(result);
  } finally {
    await stopLocalCloud(cloud.pid);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

if (import.meta.main) await standalone();
