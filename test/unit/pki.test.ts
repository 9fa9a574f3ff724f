import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { certifySignatory, ensureAuthority } from '#shared/domain/signing/pki/authority.ts';
import { x509 } from '#shared/domain/signing/pki/certificates.ts';
import { CMS_OID, parseSignedData } from '#shared/domain/signing/pki/cms.ts';
import { read } from '#shared/domain/signing/pki/der.ts';
import { signDetached, verifyCms } from '#shared/domain/signing/pki/detached-signature.ts';
import { extractSignature, verifyEmbeddedSignature } from '#shared/domain/signing/pki/embedded-signature.ts';
import { signPdf } from '#shared/domain/signing/pki/permit-signature.ts';
import { LocalEcdsaKey, localPki } from '../support/local-ecdsa.ts';

const { tsa, platformKeys, authority: authorityStore } = localPki();
const signatory = new LocalEcdsaKey();

async function unsignedPdf(text: string) {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage();
  page.drawText(text, { font: await doc.embedFont(StandardFonts.Helvetica), x: 50, y: 700, size: 12 });
  return doc.save({ useObjectStreams: false });
}

const openssl = (args: string[], cwd: string) => {
  try {
    return { ok: true, out: execFileSync('openssl', args, { cwd, stdio: 'pipe' }).toString() };
  } catch (error) {
    return { ok: false, out: String((error as { stderr?: Buffer }).stderr ?? error) };
  }
};

describe('platform PKI and PAdES signatures', async () => {
  const now = new Date('2026-11-29T10:00:00Z');
  const authority = await ensureAuthority({ platformKeys, authority: authorityStore }, 'test', now);
  const certificatePem = await certifySignatory({ platformKeys }, authority, {
    keyId: 'key-1',
    publicKeyPem: signatory.publicKeyPem,
    firstName: 'Amina',
    lastName: 'El Idrissi',
    title: 'Présidente du conseil communal',
    communeNameFr: 'Casablanca',
    validFrom: '2026-01-01T00:00:00.000Z',
    expiresAt: '2028-01-01T00:00:00.000Z',
  });
  const signingTime = new Date('2026-11-29T10:05:00Z');
  const pdf = await signPdf(await unsignedPdf('Autorisation RK-TEST-00001'), {
    authority,
    certificatePem,
    name: 'Amina El Idrissi',
    reason: 'Autorisation RK-TEST-00001',
    location: 'Casablanca',
    signingTime,
    signAsSignatory: signatory.signDigest,
    signAsTimestampAuthority: tsa.signDigest,
  });

  it('issues a self-signed CA (keyCertSign, cRLSign) and a signatory certificate naming the person, function and commune', () => {
    const caCert = x509(authority.caCertificatePem);
    expect(caCert.ca).toBe(true);
    expect(caCert.verify(caCert.publicKey)).toBe(true);
    const leaf = x509(certificatePem);
    expect(leaf.ca).toBe(false);
    expect(leaf.subject).toContain('CN=Amina El Idrissi');
    expect(leaf.subject).toContain('title=Présidente du conseil communal');
    expect(leaf.subject).toContain('O=Commune de Casablanca');
    expect(leaf.checkIssued(caCert) && leaf.verify(caCert.publicKey)).toBe(true);
    expect(new Date(leaf.validFrom).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(new Date(leaf.validTo).toISOString()).toBe('2028-01-01T00:00:00.000Z');
    expect(leaf.publicKey.export({ type: 'spki', format: 'pem' })).toBe(signatory.publicKeyPem);
    const text = openssl(['x509', '-noout', '-text', '-in', writeTemp('leaf.pem', certificatePem)], dir);
    expect(text.out).toMatch(/Digital Signature, Non Repudiation/);
    expect(
      openssl(['x509', '-noout', '-text', '-in', writeTemp('ca.pem', authority.caCertificatePem)], dir).out,
    ).toMatch(/CA:TRUE[\s\S]*Certificate Sign, CRL Sign/);
  });

  it('embeds a CMS that openssl verifies against the CA certificate alone; one flipped byte fails', () => {
    const found = extractSignature(pdf);
    expect(found).toBeDefined();
    const cms = read(found?.cms as Uint8Array).der;
    writeTemp('sig.der', cms);
    writeTemp('content.bin', found?.signedContent as Uint8Array);
    writeTemp('ca.pem', authority.caCertificatePem);
    const verified = openssl(
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
      dir,
    );
    expect(verified.out + (verified.ok ? 'OK' : '')).toMatch(/OK|Verification successful/);
    expect(verified.ok).toBe(true);
    const flipped = new Uint8Array(found?.signedContent as Uint8Array);
    flipped[200] = (flipped[200] ?? 0) ^ 0x01;
    writeTemp('flipped.bin', flipped);
    const refused = openssl(
      [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        'sig.der',
        '-content',
        'flipped.bin',
        '-CAfile',
        'ca.pem',
        '-out',
        '/dev/null',
      ],
      dir,
    );
    expect(refused.ok).toBe(false);
  });

  it('carries an RFC 3161 time-stamp token over the signature value that openssl ts verifies against the CA', () => {
    const found = extractSignature(pdf);
    const parsed = parseSignedData(read(found?.cms as Uint8Array).der);
    const token = parsed.unsignedAttributes.get(CMS_OID.signatureTimeStampToken)?.[0];
    expect(token).toBeDefined();
    writeTemp('tst.der', token?.der as Uint8Array);
    writeTemp('ca.pem', authority.caCertificatePem);
    const imprint = createHash('sha256').update(parsed.signature).digest('hex');
    const checked = openssl(
      ['ts', '-verify', '-token_in', '-in', 'tst.der', '-digest', imprint, '-CAfile', 'ca.pem'],
      dir,
    );
    expect(checked.out + (checked.ok ? '' : ' (failed)')).toMatch(/Verification: OK/);
    const other = createHash('sha256').update('another signature').digest('hex');
    expect(
      openssl(['ts', '-verify', '-token_in', '-in', 'tst.der', '-digest', other, '-CAfile', 'ca.pem'], dir)
        .ok,
    ).toBe(false);
  });

  it('verifies in our code too: signature, chain, time-stamp; a flipped byte fails the signature', () => {
    const report = verifyEmbeddedSignature(pdf, authority);
    expect(report.signature.ok, report.signature.detail).toBe(true);
    expect(report.chain.ok, report.chain.detail).toBe(true);
    expect(report.timestamp.ok, report.timestamp.detail).toBe(true);
    expect(report.signedAt?.toISOString()).toBe(signingTime.toISOString());
    const tampered = new Uint8Array(pdf);
    tampered[300] = (tampered[300] ?? 0) ^ 0x01;
    expect(verifyEmbeddedSignature(tampered, authority).signature.ok).toBe(false);
  });

  it('signs a document detached (opinions, minutes): openssl verifies it over the document bytes; an altered document fails', async () => {
    const document = new TextEncoder().encode(
      '{"agency":"urban-agency","conditions":["Recul de 4 m"],"opinion":"FAVOURABLE_WITH_CONDITIONS"}',
    );
    const cms = await signDetached(document, {
      authority,
      certificatePem,
      signingTime,
      signAsSignatory: signatory.signDigest,
      signAsTimestampAuthority: tsa.signDigest,
    });
    const report = verifyCms(document, cms, authority);
    expect([report.signature.ok, report.chain.ok, report.timestamp.ok]).toEqual([true, true, true]);
    expect(report.signedAt?.toISOString()).toBe(signingTime.toISOString());
    writeTemp('document.p7s', cms);
    writeTemp('document.json', document);
    writeTemp('ca.pem', authority.caCertificatePem);
    const args = (content: string) => [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      'document.p7s',
      '-content',
      content,
      '-CAfile',
      'ca.pem',
      '-out',
      '/dev/null',
    ];
    const verified = openssl(args('document.json'), dir);
    expect(verified.ok, verified.out).toBe(true);
    const altered = new TextEncoder().encode(new TextDecoder().decode(document).replace('4 m', '1 m'));
    writeTemp('altered.json', altered);
    expect(openssl(args('altered.json'), dir).ok).toBe(false);
    expect(verifyCms(altered, cms, authority).signature.ok).toBe(false);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'rukhsa-pki-'));
function writeTemp(name: string, content: string | Uint8Array) {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
}
