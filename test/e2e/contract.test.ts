/**
 * The API's contract: schemathesis (pinned in the project's venv, scripts/local-cloud/venv.ts) runs
 * every check against the deployed API, with the document the API serves, anonymously and as a
 * signed-in professional, through its four phases (the schema's examples, the coverage phase's
 * boundary and undeclared-method cases, fuzzing, and stateful sequences that feed one answer's ids
 * into the next call). Any failure is a place where the document and the API disagree.
 *
 * Seeded and bounded by examples (not by time, which would test more on a faster machine), so a run
 * is the same cases every time. Each identity goes through every phase on the operations it may call
 * (the public ones anonymously; the professional's as a professional); the others answer that
 * identity 401 (the gateway, before any validation) or 403 (before validation), so there they get
 * the examples and one fuzzed case each, which proves that answer, and not the coverage phase's
 * thousands of cases that could only meet it again.
 *
 * The two identities run at once, each its own schemathesis process: most of a run is waiting on the
 * emulator's answers, so on two cores the pair takes little longer than the professional alone.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, describe, it } from 'vitest';
import { routes } from '#functions/routes.ts';
import { isPublic, type RouteSpec } from '#shared/http/route.ts';
import { REPO_ROOT, VENV_DIR } from '../../scripts/local-cloud/paths.ts';
import { ensureVenv } from '../../scripts/local-cloud/venv.ts';
import { clientConfig, testCloud } from '../support/cloud.ts';
import { givenProfessional } from '../support/fixtures.ts';
import { signIn } from '../support/journeys.ts';

// schemathesis, in the project's venv: `npm test` installs it while the emulator boots; alone, here.
ensureVenv(console.log, 'contract');
const cloud = testCloud();
const reports = mkdtempSync(path.join(tmpdir(), 'rukhsa-contract-'));
afterAll(() => rmSync(reports, { recursive: true, force: true }));

/** Examples per operation in the fuzzing phase, and scenarios in the stateful one. */
const EXAMPLES = 2;
const SEED = 17;
// One worker per process: with two, Python 3.11's ast.parse (Hypothesis describing a strategy)
// sometimes fails across threads ("AST constructor recursion depth mismatch"), a run error that is
// not the API's. The two identities' processes run side by side instead (describe.concurrent).
const WORKERS = 1;
const RUN_TIMEOUT_MS = 600_000;

/** The operations an identity may call: every phase runs on them. */
const inReach = {
  anonymous: (route: RouteSpec) => isPublic(route),
  professional: (route: RouteSpec) =>
    route.access === 'signed-in' || (Array.isArray(route.access) && route.access.includes('professional')),
};
type Identity = keyof typeof inReach;

/** Operations that end the caller's own sessions: left out of a signed-in run, which they would end. */
const ENDS_OWN_SESSION = new Set(['endMySessions']);

/**
 * The run's settings: the shared ones (test/e2e/contract/schemathesis.toml) and, for the operations
 * out of the identity's reach, no coverage phase and one fuzzed case.
 */
function settingsFor(identity: Identity): string {
  const shared = readFileSync(path.join(REPO_ROOT, 'test', 'e2e', 'contract', 'schemathesis.toml'), 'utf8');
  const outOfReach = routes.filter((route) => !inReach[identity](route)).map((route) => route.operationId);
  const file = path.join(reports, `${identity}.toml`);
  const endsOwnSession = routes
    .filter((route) => inReach[identity](route) && ENDS_OWN_SESSION.has(route.operationId))
    .map((route) => route.operationId);
  writeFileSync(
    file,
    `${shared}
# Out of the ${identity} caller's reach: answered 401/403 before any validation.
[[operations]]
include-operation-id = ${JSON.stringify(outOfReach)}
phases.coverage.enabled = false
phases.fuzzing.generation.max-examples = 1
${
  endsOwnSession.length > 0
    ? `
# Would end the run's own session: every later call would be a 401 (test/e2e/mfa.test.ts covers it).
[[operations]]
include-operation-id = ${JSON.stringify(endsOwnSession)}
enabled = false
`
    : ''
}`,
  );
  return file;
}

interface Outcome {
  exitCode: number;
  output: string;
  tests: number;
  failures: string[];
  seconds: number;
}

/** `st run` against the served document; the JUnit report lists each operation and what failed on it. */
function schemathesis(identity: Identity, headers: string[] = []): Promise<Outcome> {
  const junit = path.join(reports, `${identity}.xml`);
  const started = performance.now();
  const args = [
    '--config-file',
    settingsFor(identity),
    'run',
    `${cloud.outputs.apiUrl}/openapi.json`,
    '--url',
    cloud.outputs.apiUrl,
    '--checks',
    'all',
    '--phases',
    'examples,coverage,fuzzing,stateful',
    '--max-examples',
    String(EXAMPLES),
    '--seed',
    String(SEED),
    '--generation-database',
    'none',
    '--workers',
    String(WORKERS),
    '--request-timeout',
    '20',
    '--no-color',
    '--report',
    'junit',
    '--report-junit-path',
    junit,
    ...headers.flatMap((header) => ['--header', header]),
  ];
  return new Promise((resolve) => {
    execFile(
      path.join(VENV_DIR, 'bin', 'st'),
      args,
      // Ended (SIGTERM) before the test's own timeout, so a slow run never outlives the test.
      {
        cwd: reports,
        maxBuffer: 64 * 1024 * 1024,
        timeout: RUN_TIMEOUT_MS,
        env: { ...process.env, NO_COLOR: '1' },
      },
      (error, stdout, stderr) => {
        let xml = '';
        try {
          xml = readFileSync(junit, 'utf8');
        } catch {
          // no report: the output says why
        }
        const failures = [
          ...xml.matchAll(/<testcase[^>]*name="([^"]*)"[^>]*>\s*<failure[^>]*message="([^"]*)"/g),
        ].map(([, name, message]) => `${name}: ${message}`);
        resolve({
          exitCode: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          output: `${stdout}\n${stderr}`,
          tests: (xml.match(/<testcase /g) ?? []).length,
          failures,
          seconds: (performance.now() - started) / 1000,
        });
      },
    );
  });
}

/** A professional of its own, so what the run creates and changes touches no other test's account. */
async function professionalToken(): Promise<string> {
  const { professional } = await givenProfessional(cloud);
  const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
  const password = `Contract-${professional.id.slice(-8)}-1a!`;
  const pool = { UserPoolId: cloud.outputs.userPoolId, Username: professional.id };
  await cognito.send(
    new AdminCreateUserCommand({
      ...pool,
      UserAttributes: [
        { Name: 'email', Value: professional.email },
        { Name: 'email_verified', Value: 'true' },
      ],
      MessageAction: 'SUPPRESS',
    }),
  );
  await cognito.send(new AdminSetUserPasswordCommand({ ...pool, Password: password, Permanent: true }));
  await cognito.send(new AdminAddUserToGroupCommand({ ...pool, GroupName: 'professional' }));
  const { AuthenticationResult } = await signIn(professional.id, password);
  if (!AuthenticationResult?.IdToken) throw new Error('no ID token for the contract professional');
  return AuthenticationResult.IdToken;
}

const report = (outcome: Outcome) => `${outcome.failures.join('\n')}\n${outcome.output.slice(-20_000)}`;

/** What the run did, for the log: cases per phase and how long it took. */
const summary = (identity: Identity, outcome: Outcome) =>
  `[contract] ${identity}: ${outcome.tests} operations, ${outcome.seconds.toFixed(1)} s; ${
    outcome.output.match(/Test cases:\s*\n\s*(.*)/)?.[1] ?? 'no case count'
  }`;

describe.concurrent('the API keeps the contract its OpenAPI document states (schemathesis, all checks)', () => {
  it('anonymously', { timeout: 620_000 }, async ({ expect }) => {
    const outcome = await schemathesis('anonymous');
    process.stderr.write(`${summary('anonymous', outcome)}\n`);
    expect(outcome.tests, outcome.output.slice(-5_000)).toBeGreaterThan(90);
    expect(outcome.exitCode, report(outcome)).toBe(0);
  });

  it('as a signed-in professional', { timeout: 620_000 }, async ({ expect }) => {
    const token = await professionalToken();
    const outcome = await schemathesis('professional', [`Authorization: Bearer ${token}`]);
    process.stderr.write(`${summary('professional', outcome)}\n`);
    expect(outcome.tests, outcome.output.slice(-5_000)).toBeGreaterThan(90);
    expect(outcome.exitCode, report(outcome)).toBe(0);
  });
});
