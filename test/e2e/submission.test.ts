import { readFileSync } from 'node:fs';
import {
  CognitoIdentityProviderClient,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { api, clientConfig, idTokenFor, testCloud } from '../support/cloud.ts';
import { buildingPermit, pdfBytes, postToPresignedForm } from '../support/fixtures.ts';
import { confirmRegistrationEmail, findProfessional, inbox, signIn, waitFor } from '../support/journeys.ts';

const cloud = testCloud();
const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
const run = Date.now().toString().slice(-8);
const proPhone = `+2126${run}`;
const applicantPhone = `+2127${run}`;
const proEmail = `architecte-${run}@example.ma`;
const applicantEmail = `petitionnaire-${run}@example.ma`;
const password = 'Archi#2026-Rukhsa!';
let n = 0;
const idem = () => ({ 'idempotency-key': `e2e-${run}-${n++}` });

describe('filing an application end to end through the HTTP API', () => {
  it('register → verify → draft → upload every required document → submit → history, SMS and e-mails', async () => {
    // 1. Self-registration (public), then sign-in with the e-mail alias.
    const registered = await api('/professionals', {
      method: 'POST',
      headers: idem(),
      body: {
        profession: 'architect',
        registrationNumber: `CNOA-${run}`,
        firstName: 'Salma',
        lastName: 'Bennani',
        cin: 'BE123456',
        phone: proPhone,
        email: proEmail,
        preferredLanguage: 'ar',
        password,
      },
    });
    expect(registered.status).toBe(201);
    expect(registered.json).toMatchObject({ status: 'PENDING_VERIFICATION', phone: proPhone });
    expect(registered.json).not.toHaveProperty('password');
    const duplicate = await api('/professionals', {
      method: 'POST',
      body: { ...registered.json, email: `other-${run}@example.ma`, password },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.detail).toMatch(/already registered/);

    // The account signs in only once the code mailed to the address comes back.
    await expect(signIn(proEmail, password)).rejects.toThrow();
    await confirmRegistrationEmail(registered.json.id, proEmail);
    const proToken = (await signIn(proEmail, password)).AuthenticationResult?.IdToken as string;
    const early = await api('/applications', {
      method: 'POST',
      token: proToken,
      headers: idem(),
      body: buildingPermit(),
    });
    expect(early.status).toBe(403);
    expect(early.json.type).toBe('https://rukhsa.ma/problems/professional-not-verified');

    // 2. The ministry verifies.
    const admin = await idTokenFor('ministry_admin');
    const pending = await findProfessional('PENDING_VERIFICATION', (p) => p.id === registered.json.id, admin);
    expect(pending?.id).toBe(registered.json.id);
    const verified = await api(`/professionals/${registered.json.id}/verification`, {
      method: 'POST',
      token: admin,
      body: { decision: 'VERIFIED' },
    });
    expect(verified.json.status).toBe('VERIFIED');

    // 3. Draft, then every required document through its presigned form.
    const draft = await api('/applications', {
      method: 'POST',
      token: proToken,
      headers: idem(),
      body: buildingPermit(),
    });
    expect(draft.status).toBe(201);
    const id = draft.json.id as string;
    const catalogue = await api('/procedures');
    const procedure = catalogue.json.procedures.find((p: { code: string }) => p.code === 'BUILDING_PERMIT');
    const required = procedure.documents.filter((d: { mandatory: unknown }) => d.mandatory === true);
    expect(required.length).toBeGreaterThan(3);
    for (const document of required) {
      const body = pdfBytes(256);
      const form = await api(`/applications/${id}/documents/${document.code}/uploads`, {
        method: 'POST',
        token: proToken,
        body: { contentType: 'application/pdf', sizeBytes: body.length, fileName: `${document.code}.pdf` },
      });
      expect(form.status).toBe(201);
      expect((await postToPresignedForm(form.json as any, body, 'application/pdf')).status).toBe(204);
      const confirmed = await api(`/applications/${id}/documents/${document.code}/versions`, {
        method: 'POST',
        token: proToken,
        body: { key: form.json.key, fileName: `${document.code}.pdf` },
      });
      expect(confirmed.status).toBe(201);
    }

    // 4. Submit: receipt number and deadline come back.
    const submitted = await api(`/applications/${id}/submission`, {
      method: 'POST',
      token: proToken,
      headers: idem(),
    });
    expect(submitted.status).toBe(200);
    expect(submitted.json).toMatchObject({
      status: 'SUBMITTED',
      receiptNumber: expect.stringMatching(/^CAS-CASABLANCA\/\d{4}\/\d{5}$/),
      deadlineDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      legalDeadlineDays: 15,
    });

    // 5. The history tells who did what.
    const history = await api(`/applications/${id}/history`, { token: proToken });
    const types = history.json.events.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('APPLICATION_CREATED');
    expect(types.filter((t: string) => t === 'DOCUMENT_UPLOADED')).toHaveLength(required.length);
    expect(types.at(-1)).toBe('APPLICATION_SUBMITTED');
    expect(history.json.events.at(-1)).toMatchObject({
      actor: registered.json.id,
      details: { receiptNumber: submitted.json.receiptNumber },
    });

    // 6. SMS (the emulator's log lines) and e-mails (its SES inbox) reach the professional (Arabic) and the applicant (French).
    const receipt = submitted.json.receiptNumber as string;
    // Wait on each full number: the receipt makes the lines this file's (the applicant's number is
    // the fixture's, shared by other files; a suffix of the professional's once matched too early).
    const filedFor = draft.json.applicant.phone as string;
    const smsTo = (phone: string, lines: string[]) => lines.filter((l) => l.includes(`SNS SMS to ${phone}:`));
    const smsLines = await waitFor('both SMS in the emulator log', () => {
      const lines = readFileSync(cloud.logFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('SNS SMS to') && l.includes(receipt));
      return smsTo(proPhone, lines).length > 0 && smsTo(filedFor, lines).length > 0 ? lines : undefined;
    });
    expect(smsTo(proPhone, smsLines).some((l) => /[\u0600-\u06FF]/.test(l))).toBe(true);
    expect(smsTo(filedFor, smsLines).some((l) => l.includes('Rukhsa: dossier'))).toBe(true);
    // The filers, and the commune's desk agents from their staff accounts (docs/review.md, the matrix).
    const mails = await waitFor('the filers’ and the desk’s e-mails', async () => {
      const found = (await inbox()).filter((m) => String(m.Subject).includes(receipt));
      const to = found.map((m) => m.To[0]);
      return [proEmail, 'youssef.alami@example.ma', 'guichet@demo.rukhsa.ma'].every((a) => to.includes(a))
        ? found
        : undefined;
    });
    // One each for the professional and the applicant (the others are the desk's).
    const to = mails.map((m) => m.To[0]);
    for (const filer of [proEmail, 'youssef.alami@example.ma'])
      expect(to.filter((a) => a === filer)).toHaveLength(1);

    // 7. Nobody else sees it.
    const stranger = await api(`/applications/${id}`, { token: await idTokenFor('professional') });
    expect(stranger.status).toBe(404);

    // 8. The applicant is invited, signs in with the temporary password from the e-mail, and follows it.
    const invited = await api(`/applications/${id}/followers`, {
      method: 'POST',
      token: proToken,
      body: { email: applicantEmail, phone: applicantPhone, preferredLanguage: 'fr' },
    });
    expect(invited.json).toMatchObject({ newAccount: true });
    const invitation = await waitFor('the invitation e-mail', async () =>
      (await inbox()).find((m) => m.To[0] === applicantEmail),
    );
    expect(invitation.BodyText).not.toContain(proEmail);
    const temporary = String(invitation.BodyText).match(/Mot de passe temporaire\s*:\s*(\S+)/)?.[1];
    expect(temporary).toBeDefined();
    const challenge = await signIn(invited.json.username, temporary as string);
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const answered = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: cloud.outputs.userPoolClientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: invited.json.username, NEW_PASSWORD: 'Applicant#2026-ok' },
      }),
    );
    const applicantToken = answered.AuthenticationResult?.IdToken as string;
    const followed = await api('/applications', { token: applicantToken });
    expect(followed.status).toBe(200);
    expect(followed.json.items.map((a: { id: string }) => a.id)).toEqual([id]);
    expect((await api(`/applications/${id}`, { token: applicantToken })).status).toBe(200);
  });
});
