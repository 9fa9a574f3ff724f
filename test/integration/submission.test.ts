import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as confirmUpload } from '#functions/applications/confirm-upload.ts';
import { handler as createApplication } from '#functions/applications/create-application.ts';
import { handler as downloadDocument } from '#functions/applications/download-document.ts';
import { handler as getApplication } from '#functions/applications/get-application.ts';
import { handler as requestUpload } from '#functions/applications/request-upload.ts';
import { handler as submitApplication } from '#functions/applications/submit-application.ts';
import { handler as updateApplication } from '#functions/applications/update-application.ts';
import { handler as withdrawApplication } from '#functions/applications/withdraw-application.ts';
import { keys, partitions, sortKeys } from '#shared/adapters/dynamodb/keys.ts';
import { addWorkingDays } from '#shared/domain/holidays.ts';
import { testCloud } from '../support/cloud.ts';
import { claimsOf, httpEvent, lambdaContext } from '../support/events.ts';
import {
  buildingPermit,
  documentClientFor,
  givenCompleteDraft,
  givenProfessional,
  pdfBytes,
  pngBytes,
  postToPresignedForm,
} from '../support/fixtures.ts';

const cloud = testCloud();
const db = documentClientFor(cloud);
const table = cloud.outputs.tableName;
const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');
let keyCounter = 0;
const key = () => ({ 'idempotency-key': `it-${Date.now()}-${keyCounter++}` });
const ctx = () => lambdaContext('submission');

const create = (claims: Record<string, unknown>, body: unknown = buildingPermit()) =>
  createApplication(
    httpEvent({ method: 'POST', path: '/applications', body, claims, headers: key() }),
    ctx(),
  );
const get = (id: string, claims: Record<string, unknown>) =>
  getApplication(
    httpEvent({ path: `/applications/${id}`, pathParameters: { applicationId: id }, claims }),
    ctx(),
  );
const patch = (id: string, claims: Record<string, unknown>, body: unknown) =>
  updateApplication(
    httpEvent({
      method: 'PATCH',
      path: `/applications/${id}`,
      pathParameters: { applicationId: id },
      body,
      claims,
    }),
    ctx(),
  );
const submit = (id: string, claims: Record<string, unknown>, context = ctx()) =>
  submitApplication(
    httpEvent({
      method: 'POST',
      path: `/applications/${id}/submission`,
      pathParameters: { applicationId: id },
      claims,
      headers: key(),
    }),
    context,
  );
const uploadUrl = (id: string, code: string, claims: Record<string, unknown>, body: unknown) =>
  requestUpload(
    httpEvent({
      method: 'POST',
      path: `/applications/${id}/documents/${code}/uploads`,
      pathParameters: { applicationId: id, documentCode: code },
      body,
      claims,
    }),
    ctx(),
  );
const confirm = (id: string, code: string, claims: Record<string, unknown>, body: unknown) =>
  confirmUpload(
    httpEvent({
      method: 'POST',
      path: `/applications/${id}/documents/${code}/versions`,
      pathParameters: { applicationId: id, documentCode: code },
      body,
      claims,
    }),
    ctx(),
  );

describe('drafts', () => {
  it('refuses drafts to a professional not yet verified, saying why (403)', async () => {
    const { claims } = await givenProfessional(cloud, 'PENDING_VERIFICATION');
    const response = await create(claims);
    expect(response.statusCode).toBe(403);
    expect(json(response)).toMatchObject({
      type: 'https://rukhsa.ma/problems/professional-not-verified',
      detail: expect.stringMatching(/awaits verification/),
    });
  });

  it('creates a draft classified small, visible to its professional only (404 for others)', async () => {
    const owner = await givenProfessional(cloud);
    const other = await givenProfessional(cloud);
    const created = await create(owner.claims);
    expect(created.statusCode).toBe(201);
    const app = json(created);
    expect(app).toMatchObject({
      status: 'DRAFT',
      size: 'small',
      version: 1,
      provinceId: 'MA-CAS',
      regionId: 'MA-06',
      documents: {},
    });
    expect((await get(app.id, owner.claims)).statusCode).toBe(200);
    for (const claims of [
      other.claims,
      claimsOf(['applicant']),
      claimsOf(['desk_agent'], { 'custom:commune': 'cas-casablanca', 'custom:province': 'MA-CAS' }),
    ]) {
      const response = await get(app.id, claims);
      expect(response.statusCode).toBe(404);
      expect(json(response).detail).toBe(`Application '${app.id}' does not exist or is not visible to you.`);
    }
    const edit = await patch(app.id, other.claims, {
      version: 1,
      parcel: { landTitle: '1/C', address: 'somewhere else' },
    });
    expect(edit.statusCode).toBe(404);
  });

  it('uses optimistic versions: a stale edit is refused with 409 and changes nothing', async () => {
    const { claims } = await givenProfessional(cloud);
    const app = json(await create(claims));
    const first = await patch(app.id, claims, { version: 1, project: { ...app.project, floorAreaM2: 650 } });
    expect(first.statusCode).toBe(200);
    expect(json(first)).toMatchObject({ version: 2, size: 'large' });
    const stale = await patch(app.id, claims, { version: 1, project: { ...app.project, floorAreaM2: 100 } });
    expect(stale.statusCode).toBe(409);
    expect(json(stale).type).toBe('https://rukhsa.ma/problems/version-conflict');
    expect(json(await get(app.id, claims))).toMatchObject({ version: 2, project: { floorAreaM2: 650 } });
  });
});

describe('documents', () => {
  it('uploads through a presigned POST, records SHA-256 and S3 version, keeps the history on re-upload', async () => {
    const { claims } = await givenProfessional(cloud);
    const app = json(await create(claims));
    const versions = [];
    for (const size of [100, 200]) {
      const body = pdfBytes(size);
      const form = json(
        await uploadUrl(app.id, 'SITE_PLAN', claims, { contentType: 'application/pdf', sizeBytes: size }),
      );
      expect(form.key).toMatch(new RegExp(`^applications/${app.id}/SITE_PLAN/`));
      expect((await postToPresignedForm(form, body, 'application/pdf')).status).toBe(204);
      const confirmed = await confirm(app.id, 'SITE_PLAN', claims, { key: form.key, fileName: 'plan.pdf' });
      expect(confirmed.statusCode).toBe(201);
      const { createHash } = await import('node:crypto');
      expect(json(confirmed)).toMatchObject({
        version: versions.length + 1,
        sizeBytes: size,
        sha256: createHash('sha256').update(body).digest('hex'),
        s3VersionId: expect.any(String),
      });
      versions.push(json(confirmed));
    }
    const download = await downloadDocument(
      httpEvent({
        path: `/applications/${app.id}/documents/SITE_PLAN`,
        pathParameters: { applicationId: app.id, documentCode: 'SITE_PLAN' },
        query: { version: '1' },
        claims,
      }),
      ctx(),
    );
    const { url, history, document } = json(download);
    expect(document.version).toBe(1);
    expect(history.map((d: { version: number }) => d.version)).toEqual([1, 2]);
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(bytes.length).toBe(100);
    expect(json(await get(app.id, claims)).documents.SITE_PLAN.version).toBe(2);
  });

  it('refuses a disallowed type or size before issuing a form (422), and an unknown type outright (400)', async () => {
    const { claims } = await givenProfessional(cloud);
    const app = json(await create(claims));
    const png = await uploadUrl(app.id, 'ARCH_PLANS', claims, { contentType: 'image/png', sizeBytes: 1000 });
    expect(png.statusCode).toBe(422);
    expect(json(png).problems).toEqual([
      expect.objectContaining({ code: 'ARCH_PLANS', reason: 'format-not-allowed' }),
    ]);
    const big = await uploadUrl(app.id, 'ARCH_PLANS', claims, {
      contentType: 'application/pdf',
      sizeBytes: 51 * 1024 * 1024,
    });
    expect(big.statusCode).toBe(422);
    expect(json(big).problems).toEqual([expect.objectContaining({ reason: 'too-large' })]);
    const gif = await uploadUrl(app.id, 'ARCH_PLANS', claims, { contentType: 'image/gif', sizeBytes: 1000 });
    expect(gif.statusCode).toBe(400);
    const unknown = await uploadUrl(app.id, 'NOT_A_DOCUMENT', claims, {
      contentType: 'application/pdf',
      sizeBytes: 1000,
    });
    expect(unknown.statusCode).toBe(422);
  });

  it('has S3 refuse a body over the size bound of the form', async () => {
    const { claims } = await givenProfessional(cloud);
    const app = json(await create(claims));
    // APPLICANT_ID is limited to 10 MB: the form's content-length-range says so to S3.
    const form = json(
      await uploadUrl(app.id, 'APPLICANT_ID', claims, { contentType: 'application/pdf', sizeBytes: 1000 }),
    );
    expect(form.maxBytes).toBe(10 * 1024 * 1024);
    const refused = await postToPresignedForm(form, pdfBytes(10 * 1024 * 1024 + 1), 'application/pdf');
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/EntityTooLarge|too large/i);
    const confirmAfter = await confirm(app.id, 'APPLICANT_ID', claims, { key: form.key });
    expect(confirmAfter.statusCode).toBe(422);
  });

  it('refuses to confirm what was never uploaded, a key of another slot, or content that is not what it says', async () => {
    const { claims } = await givenProfessional(cloud);
    const app = json(await create(claims));
    const form = json(
      await uploadUrl(app.id, 'MASS_PLAN', claims, { contentType: 'application/pdf', sizeBytes: 12 }),
    );
    const never = await confirm(app.id, 'MASS_PLAN', claims, { key: form.key });
    expect(never.statusCode).toBe(422);
    expect(json(never).type).toBe('https://rukhsa.ma/problems/upload-not-found');
    const otherSlot = await confirm(app.id, 'SITE_PLAN', claims, { key: form.key });
    expect(json(otherSlot).type).toBe('https://rukhsa.ma/problems/upload-key-mismatch');
    // A PNG posted under a PDF form: the bytes give it away.
    expect((await postToPresignedForm(form, pngBytes(), 'application/pdf')).status).toBe(204);
    const disguised = await confirm(app.id, 'MASS_PLAN', claims, { key: form.key });
    expect(disguised.statusCode).toBe(422);
    expect(json(disguised).detail).toMatch(/not a application\/pdf file/);
    expect(json(await get(app.id, claims)).documents.MASS_PLAN).toBeUndefined();
  });

  it('checks the SHA-256 the browser computed before sending: other bytes are refused, the same accepted', async () => {
    const { createHash } = await import('node:crypto');
    const { claims } = await givenProfessional(cloud);
    const app = json(await create(claims));
    const body = pdfBytes(64);
    const form = json(
      await uploadUrl(app.id, 'SITE_PLAN', claims, { contentType: 'application/pdf', sizeBytes: 64 }),
    );
    expect((await postToPresignedForm(form, body, 'application/pdf')).status).toBe(204);
    const other = createHash('sha256').update(pdfBytes(65)).digest('hex');
    const refused = await confirm(app.id, 'SITE_PLAN', claims, { key: form.key, sha256: other });
    expect(refused.statusCode).toBe(422);
    expect(json(refused).problems).toEqual([
      expect.objectContaining({ code: 'SITE_PLAN', reason: 'checksum-mismatch' }),
    ]);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const accepted = await confirm(app.id, 'SITE_PLAN', claims, { key: form.key, sha256 });
    expect(accepted.statusCode).toBe(201);
    expect(json(accepted)).toMatchObject({ version: 1, sha256 });
  });
});

describe('submission', () => {
  it('refuses an incomplete draft with every missing code at once, and changes nothing', async () => {
    const { claims } = await givenProfessional(cloud);
    const app = json(await create(claims));
    const events = async () =>
      (
        await db.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
            ExpressionAttributeValues: { ':pk': partitions.application(app.id), ':e': sortKeys.events },
          }),
        )
      ).Items ?? [];
    const before = await events();
    const response = await submit(app.id, claims);
    expect(response.statusCode).toBe(422);
    const problem = json(response);
    expect(problem.type).toBe('https://rukhsa.ma/problems/application-incomplete');
    expect(problem.missing).toEqual(
      expect.arrayContaining([
        'APPLICANT_ID',
        'LAND_TITLE_CERT',
        'SITE_PLAN',
        'MASS_PLAN',
        'ARCH_PLANS',
        'ARCHITECT_CONTRACT',
      ]),
    );
    expect(json(await get(app.id, claims))).toMatchObject({ status: 'DRAFT', version: 1 });
    expect(await events()).toHaveLength(before.length);
  });

  it('gives gapless, unique receipt numbers to 50 concurrent submissions in one commune', async () => {
    const { professional, claims } = await givenProfessional(cloud);
    const communeId = `rab-concurrency-${Date.now().toString(36)}`;
    const drafts = await Promise.all(
      Array.from({ length: 50 }, () => givenCompleteDraft(cloud, professional.id, communeId)),
    );
    // Fifty at once in this one process, on one emulator beside the other test run: more time than a
    // function's 10 s (in Lambda each has its own instance). What is checked is the numbering.
    const responses = await Promise.all(
      drafts.map((d) => submit(d.id, claims, lambdaContext('submission', 60_000))),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
    const receipts = responses.map((r) => json(r).receiptNumber as string);
    const year = new Date().getUTCFullYear();
    const sequences = receipts.map((r) => {
      const [prefix, y, seq] = r.split('/');
      expect(prefix).toBe(communeId.toUpperCase());
      expect(Number(y)).toBeGreaterThanOrEqual(year);
      return Number(seq);
    });
    expect(sequences.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const counter = await db.send(
      new GetCommand({
        TableName: table,
        Key: keys.receiptCounter(communeId, Number(receipts[0]?.split('/')[1])),
      }),
    );
    expect(counter.Item?.sequence).toBe(50);
  });

  it('submits with a receipt and the legal deadline, then allows a withdrawal once', async () => {
    const { professional, claims } = await givenProfessional(cloud);
    const draft = await givenCompleteDraft(cloud, professional.id, `tng-deadline-${Date.now().toString(36)}`);
    const response = await submit(draft.id, claims);
    const app = json(response);
    expect(app).toMatchObject({
      status: 'SUBMITTED',
      legalDeadlineDays: 15,
      receiptNumber: expect.stringMatching(/\/00001$/),
    });
    const submittedDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca' }).format(
      new Date(app.submittedAt),
    );
    // A building permit counts 15 working days (weekends and Moroccan public holidays skipped).
    expect(app.deadlineDate).toBe(addWorkingDays(submittedDay, 15));
    const again = await submit(draft.id, claims);
    expect(again.statusCode).toBe(409);
    const withdraw = (reason: string) =>
      withdrawApplication(
        httpEvent({
          method: 'POST',
          path: `/applications/${draft.id}/withdrawal`,
          pathParameters: { applicationId: draft.id },
          body: { reason },
          claims,
          headers: key(),
        }),
        ctx(),
      );
    const withdrawn = await withdraw('Projet abandonné');
    expect(json(withdrawn)).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: 'Projet abandonné' });
    expect((await withdraw('encore')).statusCode).toBe(409);
  });
});
