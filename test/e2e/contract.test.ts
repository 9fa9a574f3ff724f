/**
 * The API's contract: schemathesis (pinned in the project's venv, scripts/local-cloud/venv.ts) runs
 * every check against the deployed API, with the document the API serves, anonymously and as a
 * signed-in professional, through its four phases (the schema's examples, the coverage phase's
 * boundary and undeclared-method cases, fuzzing, and stateful sequences that feed one answer's ids
 * into the next call). Any failure is a place where the document and the API disagree.
 *
 * Seeded and bounded by examples (not by time, which would test more on a faster machine), so a run
 * is the same cases every time.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, VENV_DIR } from '../../scripts/local-cloud/paths.ts';
import { clientConfig, testCloud } from '../support/cloud.ts';
import { givenProfessional } from '../support/fixtures.ts';
import { signIn } from '../support/journeys.ts';

const cloud = testCloud();
const reports = mkdtempSync(path.join(tmpdir(), 'rukhsa-contract-'));
afterAll(() => rmSync(reports, { recursive: true, force: true }));

/** Examples per operation and phase (the coverage phase adds its boundary cases to these). */
const EXAMPLES = 2;
const SEED = 17;
const RUN_TIMEOUT_MS = 230_000;

/**
 * Opt-in until the failures docs/security.md lists under "The API's contract" are fixed and a run
 * fits the suite's budget: `RUKHSA_CONTRACT=1 vitest run --project e2e test/e2e/contract.test.ts`.
 */
const enabled = process.env.RUKHSA_CONTRACT === '1';

interface Outcome {
  exitCode: number;
  output: string;
  tests: number;
  failures: string[];
}

/** `st run` against the served document; the JUnit report lists each operation and what failed on it. */
function schemathesis(label: string, headers: string[] = []): Promise<Outcome> {
  const junit = path.join(reports, `${label}.xml`);
  const settings = path.join(REPO_ROOT, 'test', 'e2e', 'contract');
  const baseline = path.join(settings, `baseline-${label}.json`);
  const args = [
    '--config-file',
    path.join(settings, 'schemathesis.toml'),
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
    '2',
    '--request-timeout',
    '20',
    '--no-color',
    '--report',
    'junit',
    '--report-junit-path',
    junit,
    // Failures known and listed in docs/security.md ("Not done yet"): only new ones fail the test.
    ...(existsSync(baseline) ? ['--baseline', baseline] : []),
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

describe.runIf(enabled)(
  'the API keeps the contract its OpenAPI document states (schemathesis, all checks)',
  () => {
    it('anonymously', { timeout: 240_000 }, async () => {
      const outcome = await schemathesis('anonymous');
      expect(outcome.tests, outcome.output.slice(-5_000)).toBeGreaterThan(90);
      // The exit code counts failures outside the baseline; the report lists them all.
      expect(outcome.exitCode, report(outcome)).toBe(0);
    });

    it('as a signed-in professional', { timeout: 240_000 }, async () => {
      const token = await professionalToken();
      const outcome = await schemathesis('professional', [`Authorization: Bearer ${token}`]);
      expect(outcome.tests, outcome.output.slice(-5_000)).toBeGreaterThan(90);
      // The exit code counts failures outside the baseline; the report lists them all.
      expect(outcome.exitCode, report(outcome)).toBe(0);
    });
  },
);
