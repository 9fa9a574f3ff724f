/**
 * `npm start`: the whole platform on the embedded local cloud, no AWS account needed.
 * Installs the emulator (once), starts it with persistent state in .local/, deploys the stacks
 * (skipped when nothing changed), seeds reference data and demo users, builds the web portal and
 * serves it on a loopback port (scripts/local-cloud/web-server.ts), prints how to use it, and
 * stops the emulator cleanly (SIGTERM, so its state is saved) on Ctrl-C.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { LOCAL_OPEN_DATA_URL, LOCAL_WEB_URL } from '../infra/config.ts';
import { deployLocal } from './local-cloud/deploy.ts';
import {
  freePort,
  isAlive,
  isHealthy,
  isPortFree,
  startLocalCloud,
  stopLocalCloud,
} from './local-cloud/ministack.ts';
import { startOpenDataServer } from './local-cloud/open-data-server.ts';
import { DEMO_USERS_FILE, LOCAL_DIR, OUTPUTS_FILE, PID_FILE, REPO_ROOT } from './local-cloud/paths.ts';
import { DEMO_SIGNING_PIN, seedDemoUsers, seedReferenceData } from './local-cloud/seed.ts';
import { ensureVenv } from './local-cloud/venv.ts';
import { startWebServer, webBuildIsStale, webConfig } from './local-cloud/web-server.ts';

const PORT_FILE = path.join(LOCAL_DIR, 'port');
const WEB_PORT_FILE = path.join(LOCAL_DIR, 'web-port');
const OPEN_DATA_PORT_FILE = path.join(LOCAL_DIR, 'open-data-port');
const t0 = performance.now();
const step = (message: string) =>
  console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${message}`);

/** The port asked for, else the one used last time, else the default; a free one if that is taken. */
async function choosePort(variable: string, file: string, fallback: number): Promise<number> {
  const wanted = Number(process.env[variable] ?? (existsSync(file) ? readFileSync(file, 'utf8') : fallback));
  if (await isPortFree(wanted)) return wanted;
  const other = await freePort();
  step(`Port ${wanted} is taken by another program; using ${other} (set ${variable} to choose).`);
  return other;
}

async function main() {
  mkdirSync(LOCAL_DIR, { recursive: true });
  if (existsSync(PID_FILE)) {
    const pid = Number(readFileSync(PID_FILE, 'utf8'));
    if (isAlive(pid)) {
      console.error(
        `The local cloud is already running (pid ${pid}). Use it, or stop it first with \`npm run stop\`.`,
      );
      process.exit(1);
    }
  }
  step('Checking the local cloud installation (.venv) …');
  ensureVenv(step);
  const port = await choosePort('RUKHSA_PORT', PORT_FILE, 4566);
  const webPort = await choosePort('RUKHSA_WEB_PORT', WEB_PORT_FILE, Number(new URL(LOCAL_WEB_URL).port));
  const webUrl = `http://127.0.0.1:${webPort}`;
  const openDataPort = await choosePort(
    'RUKHSA_OPEN_DATA_PORT',
    OPEN_DATA_PORT_FILE,
    Number(new URL(LOCAL_OPEN_DATA_URL).port),
  );
  step(`Starting MiniStack on 127.0.0.1:${port} (state in .local/) …`);
  const cloud = await startLocalCloud({ port, stateDir: LOCAL_DIR, persist: true });
  writeFileSync(PID_FILE, String(cloud.pid));
  writeFileSync(PORT_FILE, String(port));
  writeFileSync(WEB_PORT_FILE, String(webPort));
  writeFileSync(OPEN_DATA_PORT_FILE, String(openDataPort));
  let closeSite: (() => Promise<void>) | undefined;
  let closeOpenData: (() => Promise<void>) | undefined;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    await closeSite?.();
    await closeOpenData?.();
    console.log(`\n${signal}: stopping the local cloud (saving its state) …`);
    const stopped = await stopLocalCloud(cloud.pid);
    if (stopped)
      console.log('Stopped. `npm start` picks up where you left off; `npm run reset` starts from scratch.');
    else console.error(`MiniStack (pid ${cloud.pid}) did not stop within 30 s; it is still running.`);
    process.exit(stopped ? 0 : 1);
  };
  process.on('SIGINT', () => void stop('Ctrl-C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    step('Deploying the CDK stacks …');
    const { outputs, deployed, seconds } = await deployLocal({
      port,
      stateDir: LOCAL_DIR,
      webUrl,
      openDataUrl: `http://127.0.0.1:${openDataPort}`,
      skipIfUnchanged: true,
      log: step,
    });
    step(`${deployed ? 'Deployed' : 'Deployment up to date'} in ${seconds.toFixed(1)} s.`);
    step('Seeding reference data and demo users …');
    await seedReferenceData(port, outputs, step);
    const users = await seedDemoUsers(port, outputs, DEMO_USERS_FILE, step);
    if (webBuildIsStale()) {
      step('Building the web portal (vite build) …');
      const built = spawnSync('npm', ['run', '--silent', 'web:build'], { cwd: REPO_ROOT, stdio: 'inherit' });
      if (built.status !== 0) throw new Error('The web portal did not build (npm run web:build); see above.');
    } else step('Web portal build up to date.');
    const site = await startWebServer({ port: webPort, config: webConfig(outputs, cloud.endpoint) });
    closeSite = site.close;
    const openData = await startOpenDataServer({
      port: openDataPort,
      endpoint: cloud.endpoint,
      bucket: outputs.openDataBucket,
    });
    closeOpenData = openData.close;
    const rel = (file: string) => path.relative(REPO_ROOT, file);
    console.log(`
Rukhsa is running on the local cloud.

  Web portal   ${site.url}/fr/   (العربية: ${site.url}/ar/)
  API          ${outputs.apiUrl}
  OpenAPI      ${outputs.apiUrl}/openapi.json
  Open data    ${openData.url}/   (catalogue: ${openData.url}/datapackage.json)
  Try          curl '${outputs.apiUrl}/geo/regions'

  Demo logins (also in ${rel(DEMO_USERS_FILE)}); get an ID token with:
    npm run --silent token -- demo-desk-agent
${users.map((u) => `    ${u.role.padEnd(18)} ${u.username.padEnd(24)} ${u.password}`).join('\n')}
    demo-signatory's signing key PIN: ${DEMO_SIGNING_PIN}

  SMS          the emulator does not deliver SMS: its log lines 'SNS SMS …' are in ${rel(cloud.logFile)}
               (also GET http://127.0.0.1:${port}/_ministack/sns/sms-messages)
  E-mails      SES inbox: GET http://127.0.0.1:${port}/_ministack/ses/messages
  Outputs      ${rel(OUTPUTS_FILE)}
  Logs         ${rel(cloud.logFile)}

Ready in ${((performance.now() - t0) / 1000).toFixed(1)} s. Press Ctrl-C to stop (or run \`npm run stop\`).`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stop('error');
  }
  // Keep running until a signal; check the emulator is still there meanwhile.
  setInterval(async () => {
    if (!stopping && !isAlive(cloud.pid) && !(await isHealthy(cloud.endpoint))) {
      console.error(`MiniStack exited unexpectedly; see ${cloud.logFile}`);
      process.exit(1);
    }
  }, 5000);
}

await main();
