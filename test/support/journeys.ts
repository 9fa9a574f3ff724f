import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  CloudWatchLogsClient,
  paginateDescribeLogGroups,
  paginateFilterLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { expect } from 'vitest';
import type { NewApplication } from '#shared/domain/applications/application.ts';
import { signInWithSrp } from '../../scripts/local-cloud/srp-sign-in.ts';
import { TOTP_ROLES } from '../../shared/domain/identity/mfa.ts';
import { api, clientConfig, idTokenFor, testCloud } from './cloud.ts';
import { buildingPermit, pdfBytes, postToPresignedForm } from './fixtures.ts';
import { enrolTotp, signInWithTotp } from './totp.ts';

/** End-to-end helpers: the emulator's inbox and SMS log, first sign-in, and a file taken to PAID through the API. */

/**
 * Polls `probe` until it gives a value. 60 s by default: most waits are for the notifier, which the
 * emulator feeds from one poller thread for every stream and queue (lambda_svc.py `_poll_loop`, each
 * function run in turn). After another file's burst of writes (fifty paid files at once) it fell over
 * a minute behind, and two files waiting 20 s for their e-mails failed (fresh-clone run, 2026-12-01).
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  // Polls quickly at first, then less often: probes such as the whole inbox cost the shared emulator.
  let pause = 200;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 1.5, 1_000);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface SentEmail {
  To: string[];
  Subject: string;
  BodyText: string;
  BodyHtml?: string;
}

/** Every e-mail the platform sent through the emulator's SES. */
export const inbox = async (): Promise<SentEmail[]> =>
  (
    (await (await fetch(`${testCloud().endpoint}/_ministack/ses/messages`)).json()) as {
      messages: Record<string, SentEmail[]>;
    }
  ).messages['000000000000'] ?? [];

/**
 * Proves a registration's e-mail as its owner does: reads the 6-digit code the platform mailed to
 * `email` from the emulator's inbox and posts it back; the account can sign in afterwards.
 */
export async function confirmRegistrationEmail(professionalId: string, email: string): Promise<void> {
  const mail = await waitFor('the e-mail code', async () =>
    (await inbox()).find((m) => m.To.includes(email) && /\b\d{6}\b/.test(m.BodyText)),
  );
  const code = mail.BodyText.match(/\b(\d{6})\b/)?.[1];
  const confirmed = await api(`/professionals/${professionalId}/email-confirmation`, {
    method: 'POST',
    body: { code },
  });
  if (confirmed.status !== 200) throw new Error(`e-mail confirmation refused: ${confirmed.text}`);
}

/**
 * How long a test waits for a ranking run it queued: the runs of every file share one queue that the
 * job takes one at a time (~1,600 communes each), so a run may wait behind a few others.
 */
export const RANKING_RUN_WAIT_MS = 240_000;

/**
 * The registration with `status` that `match` picks, paging through the ministry's list: it is oldest
 * first, and the files running beside this one register professionals of their own.
 */
export async function findProfessional(
  status: 'PENDING_VERIFICATION' | 'VERIFIED' | 'REJECTED',
  match: (professional: { id: string; email: string }) => boolean,
  token: string,
): Promise<{ id: string; email: string } | undefined> {
  let cursor: string | undefined;
  do {
    const query = `status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await api(`/professionals?${query}`, { token });
    if (page.status !== 200) throw new Error(`GET /professionals answered ${page.status}: ${page.text}`);
    const found = page.json.items.find(match);
    if (found) return found;
    cursor = page.json.nextCursor;
  } while (cursor);
  return undefined;
}

/** The emulator's log lines for SMS it delivered (`SNS SMS to <phone>: <text>`). */
export const smsLines = (): string[] =>
  readFileSync(testCloud().logFile, 'utf8')
    .split('\n')
    .filter((l) => l.includes('SNS SMS to'));

/** Every log line our functions wrote (the emulator keeps them in CloudWatch Logs, as AWS does). */
export async function functionLogLines(): Promise<{ group: string; message: string }[]> {
  const logs = new CloudWatchLogsClient(clientConfig(testCloud()));
  const out: { group: string; message: string }[] = [];
  for await (const page of paginateDescribeLogGroups({ client: logs }, {})) {
    for (const group of page.logGroups ?? []) {
      const name = group.logGroupName as string;
      for await (const events of paginateFilterLogEvents({ client: logs }, { logGroupName: name }))
        for (const e of events.events ?? []) out.push({ group: name, message: e.message ?? '' });
    }
  }
  return out;
}

/** SRP sign-in; with `totpSecret`, the TOTP step of an enrolled account is answered with the current code. */
export async function signIn(username: string, password: string, totpSecret?: string) {
  const cloud = testCloud();
  const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
  const sign = {
    userPoolId: cloud.outputs.userPoolId,
    clientId: cloud.outputs.userPoolClientId,
    username: username,
    password: password,
  };
  return totpSecret ? signInWithTotp(cognito, sign, totpSecret) : signInWithSrp(cognito, sign);
}

/**
 * A civil servant's real Cognito account, created as an administrator would (group and scope
 * attributes), signed in with SRP: its ID token. The username matches a staff record when the test
 * wants the notifications addressed to that record to reach this account.
 */
export async function staffToken(
  username: string,
  group: string,
  scope: { communeId?: string; provinceId?: string; agencyId?: string },
): Promise<string> {
  const cloud = testCloud();
  const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
  const password = 'Staff#2026-Rukhsa';
  const attributes = [
    ['email', `${username}@accounts.rukhsa.ma`],
    ['custom:commune', scope.communeId],
    ['custom:province', scope.provinceId],
    ['custom:agency', scope.agencyId],
  ].flatMap(([Name, Value]) => (Value ? [{ Name: Name as string, Value }] : []));
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: cloud.outputs.userPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: attributes,
    }),
  );
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: cloud.outputs.userPoolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
  await cognito.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: cloud.outputs.userPoolId,
      Username: username,
      GroupName: group,
    }),
  );
  const auth = await signIn(username, password);
  const token = auth.AuthenticationResult?.IdToken;
  if (!token) throw new Error(`no ID token for ${username}`);
  // A ministry administrator or province contact must have TOTP (issue 17, finding 12): enrol it
  // with this session, as the web's enrolment page does; the token stays valid.
  if ((TOTP_ROLES as readonly string[]).includes(group))
    await enrolTotp(cognito, auth.AuthenticationResult?.AccessToken as string);
  return token;
}

/**
 * Runs the daily deadline sweep through the emulator's Lambda Invoke API, as the scheduler would,
 * with the communes, provinces and instant the local stage accepts in its event.
 */
export async function invokeDeadlineSweep(event: {
  communeIds?: string[];
  digestProvinces?: string[];
  now?: string;
}): Promise<Record<string, any>> {
  const cloud = testCloud();
  const lambda = new LambdaClient(clientConfig(cloud));
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: cloud.outputs.deadlineSweepFunction,
      Payload: Buffer.from(JSON.stringify(event)),
    }),
  );
  const text = Buffer.from(out.Payload ?? []).toString('utf8');
  if (out.FunctionError) throw new Error(`the deadline sweep failed: ${text}`);
  return JSON.parse(text);
}

/** First sign-in of an account created by an administrator: temporary password, then a new one. */
export async function signInFirstTime(username: string, temporaryPassword: string, newPassword: string) {
  const cloud = testCloud();
  const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
  const challenge = await signIn(username, temporaryPassword);
  expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  const answered = await cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: cloud.outputs.userPoolClientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
    }),
  );
  if (!answered.AuthenticationResult?.IdToken) {
    throw new Error(`no ID token for ${username} after the new-password challenge`);
  }
  return answered.AuthenticationResult;
}

/**
 * The ID token after a first sign-in (see `signInFirstTime`). `totp`: the account then turns on
 * TOTP with that session, as a ministry administrator or province contact must (the web's
 * enrolment page); the token stays valid, and later sign-ins are asked for a code.
 */
export async function firstSignIn(
  username: string,
  temporaryPassword: string,
  newPassword: string,
  options: { totp?: boolean } = {},
): Promise<string> {
  const session = await signInFirstTime(username, temporaryPassword, newPassword);
  if (options.totp) {
    const cognito = new CognitoIdentityProviderClient(clientConfig(testCloud()));
    await enrolTotp(cognito, session.AccessToken as string);
  }
  return session.IdToken as string;
}

/** The temporary password of an account-creation e-mail (French or Arabic template). */
export const temporaryPasswordIn = (mail: SentEmail) =>
  String(mail.BodyText).match(/(?:Mot de passe temporaire|كلمة المرور المؤقتة)\s*:\s*(\S+)/)?.[1];

/** Uploads one PDF document through the presigned form and confirms it (the professional's two calls). */
export async function uploadDocument(id: string, token: string, code: string, size = 300) {
  const body = pdfBytes(size);
  const form = await api(`/applications/${id}/documents/${code}/uploads`, {
    method: 'POST',
    token,
    body: { contentType: 'application/pdf', sizeBytes: body.length },
  });
  expect(form.status, form.text).toBe(201);
  expect((await postToPresignedForm(form.json as any, body, 'application/pdf')).status).toBe(204);
  const confirmed = await api(`/applications/${id}/documents/${code}/versions`, {
    method: 'POST',
    token,
    body: { key: form.json.key },
  });
  expect(confirmed.status, confirmed.text).toBe(201);
}

/** Uploads every document the procedure requires of a file of this size (the professional's calls). */
export async function uploadRequiredDocuments(
  id: string,
  token: string,
  procedureCode: string,
  size: 'small' | 'large' = 'small',
) {
  const procedure = (await api('/procedures')).json.procedures.find(
    (p: { code: string }) => p.code === procedureCode,
  );
  const required = (mandatory: unknown) => mandatory === true || (size === 'large' && mandatory === 'large');
  for (const d of procedure.documents.filter((d: { mandatory: unknown }) => required(d.mandatory)))
    await uploadDocument(id, token, d.code);
}

/**
 * A new file taken to SUBMITTED through the filer's own calls: the draft, every required document,
 * the submission. Answers the file's id and the submission's answer (receipt number, deadline).
 */
export async function submitNewFile(
  token: string,
  body: Record<string, unknown> & { procedureCode: string },
  options: { tag?: string; size?: 'small' | 'large' } = {},
): Promise<{ id: string; submitted: Record<string, any> }> {
  const tag = options.tag ?? randomUUID();
  const draft = await api('/applications', {
    method: 'POST',
    token,
    headers: { 'idempotency-key': `file-${tag}` },
    body,
  });
  expect(draft.status, draft.text).toBe(201);
  const id = draft.json.id as string;
  await uploadRequiredDocuments(id, token, body.procedureCode, options.size);
  const submitted = await api(`/applications/${id}/submission`, {
    method: 'POST',
    token,
    headers: { 'idempotency-key': `file-s-${tag}` },
  });
  expect(submitted.json?.status, submitted.text).toBe('SUBMITTED');
  return { id, submitted: submitted.json };
}

/**
 * A building permit in Casablanca taken through the API to PAID: draft, every mandatory document,
 * submission, admissibility, approval by the desk, and payment through the local gateway simulator.
 * The applicant may be given (an Arabic name, to read it back from the documents).
 */
export async function givenPaidApplication(
  tag: string,
  applicant: NewApplication['applicant'] = buildingPermit().applicant,
): Promise<string> {
  const cloud = testCloud();
  const pro = await idTokenFor('professional');
  const desk = await idTokenFor('desk_agent');
  const { id } = await submitNewFile(pro, { ...buildingPermit(), applicant }, { tag: `paid-${tag}` });
  const admissible = await api(`/applications/${id}/admissibility`, {
    method: 'POST',
    token: desk,
    body: {},
  });
  expect(admissible.json.status).toBe('READY_FOR_DECISION');
  const approved = await api(`/applications/${id}/decision`, {
    method: 'POST',
    token: desk,
    body: { decision: 'APPROVED', conditions: ['Respecter l’alignement de la voie publique.'] },
  });
  expect(approved.json.status).toBe('AWAITING_PAYMENT');
  const payment = await api('/payments', {
    method: 'POST',
    token: pro,
    body: { applicationId: id, language: 'fr' },
  });
  expect(payment.status).toBe(201);
  const decision = await fetch(`${cloud.outputs.apiUrl}/simulator/cmi/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...payment.json.fields, decision: 'approve' }).toString(),
    redirect: 'manual',
  });
  expect(decision.status).toBe(303);
  expect((await api(`/applications/${id}`, { token: pro })).json.status).toBe('PAID');
  return id;
}
