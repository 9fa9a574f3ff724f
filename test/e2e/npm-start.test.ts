/**
 * `npm start` end to end, twice on the same state folder: the first run deploys and seeds, Ctrl-C
 * stops the emulator cleanly, the second run comes back with the same URL, data and demo users and
 * seeds nothing again. Uses its own port and folder, so it never touches a developer's .local/.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, isAlive } from '../../scripts/local-cloud/ministack.ts';
import { signInWithSrp } from '../../scripts/local-cloud/srp-sign-in.ts';
import { ROLES } from '../../shared/domain/identity/principal.ts';

const localDir = mkdtempSync(path.join(tmpdir(), 'rukhsa-start-'));
const running: ChildProcess[] = [];

async function npmStart(
  port: number,
  webPort: number,
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      RUKHSA_LOCAL_DIR: localDir,
      RUKHSA_PORT: String(port),
      RUKHSA_WEB_PORT: String(webPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 240_000;
  while (!output.includes('Press Ctrl-C to stop')) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start not ready in 240 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, output: () => output };
}

async function ctrlC(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  return exited;
}

const apiUrlIn = (output: string) =>
  output.match(/API\s+(http:\/\/127\.0\.0\.1:\d+\/_aws\/execute-api\/\S+)/)?.[1];

afterAll(async () => {
  for (const child of running) if (child.exitCode === null) await ctrlC(child);
  rmSync(localDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('starts, stops cleanly on Ctrl-C, and restarts on the same state without seeding twice', async () => {
    const port = await freePort();
    const webPort = await freePort();
    const first = await npmStart(port, webPort);
    const url = apiUrlIn(first.output());
    expect(url).toBeDefined();
    // The web portal: the built files at the printed loopback URL, with the API's URL in its runtime
    // config, the real security headers, and every app route answered by the entry page.
    const site = first.output().match(/Web portal\s+(http:\/\/127\.0\.0\.1:\d+)\//)?.[1];
    expect(site).toBe(`http://127.0.0.1:${webPort}`);
    expect(JSON.parse(readFileSync(path.join(localDir, 'outputs.json'), 'utf8')).webUrl).toBe(site);
    const config = (await (await fetch(`${site}/config.json`)).json()) as any;
    expect(config).toMatchObject({
      stage: 'local',
      apiUrl: url,
      cognitoEndpoint: `http://127.0.0.1:${port}`,
    });
    const page = await fetch(`${site}/fr/verifier/RK-NOWHERE`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('<div id="app"');
    expect(first.output()).toMatch(/Loaded 12 regions, 75 provinces, \d+ communes/);
    expect(first.output()).toContain(`Created ${ROLES.length} demo user`);
    const regions = (await (await fetch(`${url}/geo/regions`)).json()) as any;
    expect(regions.regions).toHaveLength(12);
    // Data written while running must survive the restart.
    const users = JSON.parse(readFileSync(path.join(localDir, 'demo-users.json'), 'utf8'));
    expect(users.map((u: { role: string }) => u.role).sort()).toEqual([...ROLES].sort());
    const emulatorPid = Number(readFileSync(path.join(localDir, 'ministack.pid'), 'utf8'));

    expect(await ctrlC(first.child)).toBe(0);
    expect(isAlive(emulatorPid)).toBe(false);

    const second = await npmStart(port, webPort);
    expect(apiUrlIn(second.output())).toBe(url);
    expect(second.output()).toMatch(/Stacks unchanged since the last deploy/);
    expect(second.output()).toMatch(/Reference data already loaded/);
    expect(second.output()).toContain(`Demo users already there (${ROLES.length})`);
    const communes = (await (await fetch(`${url}/geo/provinces/MA-CAS/communes`)).json()) as any;
    expect(communes.communes.filter((c: { id: string }) => c.id === 'cas-casablanca')).toHaveLength(1);
    // The saved password still signs in, and the token is accepted by the restored authorizer.
    const outputs = JSON.parse(readFileSync(path.join(localDir, 'outputs.json'), 'utf8'));
    const desk = users.find((u: { role: string }) => u.role === 'desk_agent');
    const cognito = new CognitoIdentityProviderClient({
      region: outputs.region,
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const auth = await signInWithSrp(cognito, {
      userPoolId: outputs.userPoolId,
      clientId: outputs.userPoolClientId,
      username: desk.username,
      password: desk.password,
    });
    const me = await fetch(`${url}/me`, {
      headers: { authorization: `Bearer ${auth.AuthenticationResult?.IdToken}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as any).roles).toEqual(['desk_agent']);
    expect(await ctrlC(second.child)).toBe(0);
  }, 600_000);
});
