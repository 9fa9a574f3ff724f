import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import {
  GetObjectCommand,
  GetObjectRetentionCommand,
  ListObjectVersionsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as caCertificate } from '#functions/signing/ca-certificate.ts';
import { handler as keySet } from '#functions/signing/key-set.ts';
import { handler as previewPermit } from '#functions/signing/preview-permit.ts';
import { handler as revokeKey } from '#functions/signing/revoke-key.ts';
import { handler as signPermit } from '#functions/signing/sign-permit.ts';
import { handler as verifyPermit } from '#functions/signing/verify-permit.ts';
import { handler as verifyUpload } from '#functions/signing/verify-upload.ts';
import { keys, partitions, sortKeys } from '#shared/adapters/dynamodb/keys.ts';
import { read } from '#shared/domain/signing/pki/der.ts';
import { extractSignature } from '#shared/domain/signing/pki/embedded-signature.ts';
import { givenPaidFiles } from '../../scripts/bench/signing.ts';
import { clientConfig, testCloud } from '../support/cloud.ts';
import { claimsOf, httpEvent, lambdaContext } from '../support/events.ts';
import { documentClientFor, givenActiveSigningKey } from '../support/fixtures.ts';
import { pdfTextItems, readPageQr } from '../support/pdf.ts';

const cloud = testCloud();
const db = documentClientFor(cloud);
const table = cloud.outputs.tableName;
const s3 = new S3Client({ ...clientConfig(cloud), forcePathStyle: true });
const kms = new KMSClient(clientConfig(cloud));

/** `openssl cms -verify` of a PDF's embedded signature against a CA certificate. */
function opensslVerify(pdf: Uint8Array, caPem: string) {
  const found = extractSignature(pdf);
  if (!found) return { ok: false, out: 'no signature' };
  const dir = mkdtempSync(join(tmpdir(), 'rukhsa-openssl-'));
  writeFileSync(join(dir, 'sig.der'), read(found.cms).der);
  writeFileSync(join(dir, 'content.bin'), found.signedContent);
  writeFileSync(join(dir, 'ca.pem'), caPem);
  try {
    const out = execFileSync(
      'openssl',
      [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        'sig.der',
        '-content',
        'content.bin',
        '-CAfile',
        'ca.pem',
        '-out',
        '/dev/null',
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    return { ok: true, out: out.toString() };
  } catch (error) {
    return { ok: false, out: String((error as { stderr?: Buffer }).stderr) };
  }
}

const signatory = (username: string) =>
  claimsOf(['signatory'], {
    'custom:commune': 'cas-casablanca',
    'custom:province': 'MA-CAS',
    'cognito:username': username,
    sub: `sub-${username}`,
  });
const sign = (username: string, applicationId: string, pin: string) =>
  signPermit(
    httpEvent({
      method: 'POST',
      path: `/applications/${applicationId}/permit`,
      pathParameters: { applicationId },
      body: { pin },
      claims: signatory(username),
    }),
    // The emulator shares two cores with other test runs: give a signing the time it takes there.
    { ...lambdaContext(), getRemainingTimeInMillis: () => 60_000 },
  ) as Promise<{ statusCode: number; body: string }>;

describe('signing a permit with the real adapters (DynamoDB, KMS, S3 Object Lock)', () => {
  it('lets exactly one of two signatories racing on the same paid file issue it; the PDF is under COMPLIANCE retention and verifies', async () => {
    const suffix = Date.now().toString(36);
    await givenActiveSigningKey(cloud, {
      communeId: 'cas-casablanca',
      provinceId: 'MA-CAS',
      signatoryUsername: `president-${suffix}`,
      pin: '48213795',
    });
    await givenActiveSigningKey(cloud, {
      communeId: 'cas-casablanca',
      provinceId: 'MA-CAS',
      signatoryUsername: `delegate-${suffix}`,
      pin: '73916248',
    });
    const [file] = await givenPaidFiles(db, table, 1);
    const id = file?.id as string;

    const results = await Promise.all([
      sign(`president-${suffix}`, id, '48213795'),
      sign(`delegate-${suffix}`, id, '73916248'),
    ]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409]);
    const issued = JSON.parse((results.find((r) => r.statusCode === 201) as { body: string }).body).permit;
    const refused = JSON.parse((results.find((r) => r.statusCode === 409) as { body: string }).body);
    expect(refused.type).toMatch(/problems\//);

    const { Item: app } = await db.send(new GetCommand({ TableName: table, Key: keys.applicationKey(id) }));
    expect(app).toMatchObject({
      status: 'ISSUED',
      permit: { number: issued.permitNumber, sha256: issued.sha256 },
    });
    expect(app?.version).toBe(10);

    const retention = await s3.send(
      new GetObjectRetentionCommand({
        Bucket: cloud.outputs.permitsBucket,
        Key: issued.pdf.key,
        VersionId: issued.pdf.versionId,
      }),
    );
    expect(retention.Retention?.Mode).toBe('COMPLIANCE');
    // The losing signing was stopped before KMS and the write-once bucket: one PDF, no orphan.
    const { Versions = [] } = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: cloud.outputs.permitsBucket,
        Prefix: `permits/${issued.permitNumber}/`,
      }),
    );
    expect(Versions.length).toBe(1);

    const verified = await verifyPermit(
      httpEvent({
        path: `/verify/${issued.permitNumber}`,
        pathParameters: { permitNumber: issued.permitNumber },
      }),
      lambdaContext(),
    );
    expect(JSON.parse(verified.body as string)).toMatchObject({ valid: true, failedCheck: null });

    // Independent check: openssl verifies the embedded CMS (real KMS signatures) against the CA
    // certificate the API publishes, and refuses it once one byte changed.
    const caPem = (await caCertificate(httpEvent({ path: '/pki/ca.pem' }), lambdaContext())) as {
      body: string;
    };
    const object = await s3.send(
      new GetObjectCommand({
        Bucket: cloud.outputs.permitsBucket,
        Key: issued.pdf.key,
        VersionId: issued.pdf.versionId,
      }),
    );
    const pdf = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    expect(opensslVerify(pdf, caPem.body)).toMatchObject({ ok: true });
    const flipped = new Uint8Array(pdf);
    flipped[500] = (flipped[500] ?? 0) ^ 0x01;
    expect(opensslVerify(flipped, caPem.body)).toMatchObject({ ok: false });

    // Revocation: the KMS key is disabled (it cannot sign any more), the key set lists it, and the
    // permit time-stamped before the revocation stays valid.
    const signer = issued.keyId as string;
    const revoked = (await revokeKey(
      httpEvent({
        method: 'POST',
        path: `/signing-keys/${signer}/revocation`,
        pathParameters: { keyId: signer },
        body: { reason: 'Fin de mandat' },
        claims: claimsOf(['ministry_admin']),
      }),
      lambdaContext(),
    )) as { statusCode: number; body: string };
    expect(revoked.statusCode, revoked.body).toBe(200);
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: signer }));
    expect(KeyMetadata?.KeyState).toBe('Disabled');
    await expect(
      kms.send(
        new SignCommand({
          KeyId: signer,
          Message: new Uint8Array(32),
          MessageType: 'DIGEST',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      ),
    ).rejects.toThrow(/disabled/i);
    const jwks = JSON.parse(
      ((await keySet(httpEvent({ path: '/.well-known/jwks.json' }), lambdaContext())) as { body: string })
        .body,
    );
    expect(jwks.revocations).toContainEqual({ kid: signer, revokedAt: JSON.parse(revoked.body).revokedAt });
    expect(jwks.keys.find((k: { kid: string }) => k.kid === signer)?.x5c).toHaveLength(2);
    // The revocation list is open data too, read anonymously from the open-data site, with the CA.
    const published = (await (await fetch(`${cloud.outputs.openDataUrl}/keys/jwks.json`)).json()) as {
      revocations: unknown[];
    };
    expect(published.revocations).toContainEqual({
      kid: signer,
      revokedAt: JSON.parse(revoked.body).revokedAt,
    });
    expect((await (await fetch(`${cloud.outputs.openDataUrl}/pki/ca.pem`)).text()).trim()).toBe(
      String(caPem.body).trim(),
    );
    const catalogue = (await (await fetch(`${cloud.outputs.openDataUrl}/datapackage.json`)).json()) as {
      resources: { path: string; dataset: string }[];
    };
    expect(catalogue.resources).toContainEqual(
      expect.objectContaining({ path: 'keys/jwks.json', dataset: 'signing-keys' }),
    );
    const after = await verifyPermit(
      httpEvent({
        path: `/verify/${issued.permitNumber}`,
        pathParameters: { permitNumber: issued.permitNumber },
      }),
      lambdaContext(),
    );
    expect(JSON.parse(after.body as string)).toMatchObject({
      valid: true,
      permit: { keyStatus: 'REVOKED', signedAt: issued.signedAt },
    });
  });

  it('gives 40 parallel guesses with the right PIN among them no oracle: every refusal alike, at most five counted, nothing stored by a refused one', async () => {
    const suffix = Date.now().toString(36);
    const pin = '48213795';
    const keyId = await givenActiveSigningKey(cloud, {
      communeId: 'cas-casablanca',
      provinceId: 'MA-CAS',
      signatoryUsername: `guesser-${suffix}`,
      pin,
    });
    const [file] = await givenPaidFiles(db, table, 1);
    const id = file?.id as string;
    const guesses = Array.from({ length: 40 }, (_, i) => (i === 20 ? pin : String(30_000_000 + i * 7919)));
    const answers = await Promise.all(guesses.map((guess) => sign(`guesser-${suffix}`, id, guess)));

    const signed = answers.filter((a) => a.statusCode === 201);
    expect(answers.filter((a) => a.statusCode >= 500).map((a) => a.body)).toEqual([]);
    expect(signed.length).toBeLessThanOrEqual(1);
    const rightAnswer = answers[20] as { statusCode: number; body: string };
    const { Item: key } = await db.send(new GetCommand({ TableName: table, Key: keys.signingKey(keyId) }));
    const { Items: events = [] } = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
        ExpressionAttributeValues: { ':pk': partitions.signingKey(keyId), ':events': sortKeys.events },
      }),
    );
    const attempts = events.filter((e) => e.type === 'PIN_ATTEMPT');
    if (signed.length === 0) {
      // The right PIN lost the race: its answer is exactly a wrong PIN's, and the key locked after five.
      expect(key?.status).toBe('LOCKED');
      expect(attempts.length).toBe(5);
    } else {
      expect(rightAnswer.statusCode).toBe(201);
      // Only counted attempts were tried: at most five failures before the right one, then the file is ISSUED.
      expect(attempts.length).toBeLessThanOrEqual(5 + 1);
      expect(events.filter((e) => e.type === 'PIN_ACCEPTED')).toHaveLength(1);
    }
    // Every refusal while the file was PAID and the key accepting PINs is the same answer, byte for byte.
    const refusals = answers.filter(
      (a) => a.statusCode !== 201 && !/ISSUED|LOCKED/.test(JSON.parse(a.body).detail as string),
    );
    expect(refusals.length).toBeGreaterThan(0);
    expect(new Set(refusals.map((a) => `${a.statusCode} ${a.body}`)).size).toBe(1);
    if (signed.length === 0)
      expect(`${rightAnswer.statusCode} ${rightAnswer.body}`).toBe(
        `${refusals[0]?.statusCode} ${refusals[0]?.body}`,
      );

    // Nothing reached the write-once bucket but the one permit that was issued.
    const { Versions = [] } = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: cloud.outputs.permitsBucket,
        Prefix: `permits/RK-${file?.receiptNumber?.replaceAll('/', '-')}/`,
      }),
    );
    expect(Versions.length).toBe(signed.length);
  }, 120_000);

  it('refuses a file that is not paid (409) and a file of another commune (404), before any PIN is tried', async () => {
    const suffix = Date.now().toString(36);
    const keyId = await givenActiveSigningKey(cloud, {
      communeId: 'cas-casablanca',
      provinceId: 'MA-CAS',
      signatoryUsername: `sig-${suffix}`,
      pin: '48213795',
    });
    const [file] = await givenPaidFiles(db, table, 1);
    const other = await sign(`sig-${suffix}`, 'app-00000000-0000-0000-0000-000000000000', '11223344');
    expect(other.statusCode).toBe(404);
    const first = await sign(`sig-${suffix}`, file?.id as string, '48213795');
    expect(first.statusCode).toBe(201);
    const again = await sign(`sig-${suffix}`, file?.id as string, '11223344');
    expect(again.statusCode).toBe(409);
    expect(JSON.parse(again.body).detail).toMatch(/ISSUED/);
    const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.signingKey(keyId) }));
    expect(Item?.failedAttempts).toBe(0);
  });

  it('shows the signatory the permit as it will be signed, marked unsigned, before any PIN; refuses another commune and a file already issued', async () => {
    const suffix = Date.now().toString(36);
    const username = `preview-${suffix}`;
    const keyId = await givenActiveSigningKey(cloud, {
      communeId: 'cas-casablanca',
      provinceId: 'MA-CAS',
      signatoryUsername: username,
      pin: '48213795',
    });
    const [file] = await givenPaidFiles(db, table, 1);
    const id = file?.id as string;
    const preview = (applicationId: string, claims = signatory(username)) =>
      previewPermit(
        httpEvent({
          path: `/applications/${applicationId}/permit/preview`,
          pathParameters: { applicationId },
          claims,
        }),
        { ...lambdaContext(), getRemainingTimeInMillis: () => 60_000 },
      ) as Promise<{
        statusCode: number;
        body: string;
        isBase64Encoded?: boolean;
        headers?: Record<string, string>;
      }>;

    const shown = await preview(id);
    expect(shown.statusCode, shown.body.slice(0, 300)).toBe(200);
    expect(shown.headers?.['content-type']).toBe('application/pdf');
    const bytes = new Uint8Array(Buffer.from(shown.body, shown.isBase64Encoded ? 'base64' : 'utf8'));
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = (await pdfTextItems(bytes)).join(' ');
    expect(text).toContain('APERÇU NON SIGNÉ');
    expect(text).toContain('معاينة غير موقعة');
    expect(text).toContain(file?.receiptNumber as string);
    // Unsigned, and its QR code names the preview, not a verification token.
    expect(extractSignature(bytes)).toBeUndefined();
    expect(await readPageQr(bytes)).toContain('NON SIGN');
    // Nothing was counted on the key, nothing issued.
    const { Item: key } = await db.send(new GetCommand({ TableName: table, Key: keys.signingKey(keyId) }));
    expect(key?.failedAttempts ?? 0).toBe(0);
    const { Item: app } = await db.send(new GetCommand({ TableName: table, Key: keys.applicationKey(id) }));
    expect(app?.status).toBe('PAID');

    const elsewhere = claimsOf(['signatory'], {
      'custom:commune': 'rab-rabat',
      'custom:province': 'MA-RAB',
      'cognito:username': username,
      sub: `sub-${username}`,
    });
    expect((await preview(id, elsewhere)).statusCode).toBe(404);
    expect((await sign(username, id, '48213795')).statusCode).toBe(201);
    const after = await preview(id);
    expect(after.statusCode).toBe(409);
    expect(after.headers?.['content-type']).toBe('application/problem+json');
  });

  it('answers bad input with a problem+json 4xx naming the field, and an unknown permit with 404', async () => {
    const [file] = await givenPaidFiles(db, table, 1);
    const letters = await sign('anyone', file?.id as string, 'abc123');
    expect(letters.statusCode).toBe(400);
    expect(JSON.parse(letters.body).errors.map((e: { path: string }) => e.path)).toEqual(['body.pin']);
    const notBase64 = await verifyUpload(
      httpEvent({
        method: 'POST',
        path: '/verify',
        body: { permitNumber: 'RK-CAS-CASABLANCA-2026-00001', pdfBase64: '%%%' },
      }),
      lambdaContext(),
    );
    expect(notBase64.statusCode).toBe(400);
    expect(notBase64.headers?.['content-type']).toBe('application/problem+json');
    const unknown = await verifyPermit(
      httpEvent({
        path: '/verify/RK-NOWHERE-2026-00001',
        pathParameters: { permitNumber: 'RK-NOWHERE-2026-00001' },
      }),
      lambdaContext(),
    );
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body as string).detail).toMatch(/No permit numbered/);
  });
});
