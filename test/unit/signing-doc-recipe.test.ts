import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certifySignatory, ensureAuthority } from '#shared/domain/signing/pki/authority.ts';
import { signPdf } from '#shared/domain/signing/pki/permit-signature.ts';
import { renderPermitPdf } from '#shared/domain/signing/rendering/permit-pdf.ts';
import { LocalEcdsaKey, localPki } from '../support/local-ecdsa.ts';

/**
 * docs/signing.md's verification recipe, run exactly as written (the shell block after the
 * `verification-recipe` marker) with bash, curl, xxd and openssl, on a permit signed like the
 * platform signs them, against a server that answers `GET /pki/ca.pem` like the API.
 */
const recipe = (() => {
  const doc = readFileSync('docs/signing.md', 'utf8');
  const m = /<!-- verification-recipe -->\s*```sh\n([\s\S]*?)```/.exec(doc);
  if (!m) throw new Error('docs/signing.md has no verification recipe block');
  return m[1] as string;
})();

const { tsa, platformKeys, authority: authorityStore } = localPki();
const signer = new LocalEcdsaKey();
let server: Server;
let api: string;
let pdf: Uint8Array;

beforeAll(async () => {
  const authority = await ensureAuthority(
    { platformKeys, authority: authorityStore },
    'test',
    new Date('2026-01-01T00:00:00Z'),
  );
  const certificatePem = await certifySignatory({ platformKeys }, authority, {
    keyId: 'key-1',
    publicKeyPem: signer.publicKeyPem,
    firstName: 'Karim',
    lastName: 'Tazi',
    title: 'Président du conseil communal',
    communeNameFr: 'Casablanca',
    validFrom: '2026-01-01T00:00:00.000Z',
    expiresAt: '2028-01-01T00:00:00.000Z',
  });
  const unsigned = await renderPermitPdf({
    permitNumber: 'RK-CAS-CASABLANCA-2026-00042',
    issuedAt: '2026-11-29T10:00:00.000Z',
    procedureLabelFr: 'Permis de construire',
    procedureLabelAr: 'رخصة البناء',
    communeNameAr: 'الدار البيضاء',
    provinceNameAr: 'عمالة الدار البيضاء',
    communeNameFr: 'Casablanca',
    provinceNameFr: 'Casablanca-Anfa',
    receiptNumber: 'CAS-CASABLANCA/2026/00042',
    submittedAt: '2026-10-01T08:00:00.000Z',
    decidedAt: '2026-11-20T08:00:00.000Z',
    applicant: 'Youssef Alami',
    professional: 'Salma Bennani',
    parcel: { landTitle: '12345/C', address: '12 rue des Orangers' },
    conditions: [],
    fees: [],
    quittanceNumbers: [],
    signatory: {
      name: 'Karim Tazi',
      title: 'Président du conseil communal',
      keyFingerprint: 'ab'.repeat(32),
    },
    verificationUrl: 'https://rukhsa.ma/verify/RK-CAS-CASABLANCA-2026-00042',
  });
  pdf = await signPdf(unsigned, {
    authority,
    certificatePem,
    name: 'Karim Tazi',
    reason: 'Permis de construire',
    location: 'Casablanca',
    signingTime: new Date('2026-11-29T10:00:00Z'),
    signAsSignatory: signer.signDigest,
    signAsTimestampAuthority: tsa.signDigest,
  });
  server = createServer((req, res) => {
    if (req.url === '/pki/ca.pem') {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' });
      res.end(authority.caCertificatePem);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Asynchronously: the CA server answers from this process while the recipe runs. */
async function run(file: Uint8Array) {
  const dir = mkdtempSync(join(tmpdir(), 'rukhsa-recipe-'));
  writeFileSync(join(dir, 'permit.pdf'), file);
  try {
    const { stdout, stderr } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', recipe], {
      cwd: dir,
      env: { ...process.env, API: api },
      timeout: 30_000,
    });
    return { ok: true, out: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('docs/signing.md: the verification recipe, as written', () => {
  it('verifies a signed permit against the published CA certificate with openssl', async () => {
    const result = await run(pdf);
    expect(result.out).toMatch(/Verification successful/);
    expect(result.ok).toBe(true);
  });

  it('fails on the same permit with one byte flipped', async () => {
    const tampered = new Uint8Array(pdf);
    tampered[1000] = (tampered[1000] ?? 0) ^ 0x01;
    const result = await run(tampered);
    expect(result.ok).toBe(false);
    expect(result.out).not.toMatch(/Verification successful/);
  });
});
