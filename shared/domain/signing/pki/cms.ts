/**
 * CMS SignedData (RFC 5652) as PAdES baseline B-B needs it (detached, signed attributes
 * content-type, message-digest and signing-certificate-v2, the certificate chain included), and
 * RFC 3161 time-stamp tokens (the platform's time-stamping authority countersigns the signature
 * value: the unsigned attribute signature-time-stamp, which proves when the permit was signed).
 */
import { createPublicKey, verify } from 'node:crypto';
import { certificateParts, type DigestSigner, OID, sha256 } from './certificates.ts';
import {
  child,
  children,
  equalBytes,
  explicit,
  generalizedTime,
  implicitSetOf,
  type Node,
  objectIdentifier,
  octetString,
  read,
  readObjectIdentifier,
  readTime,
  sequence,
  setOf,
  smallInteger,
  tlv,
  unsignedInteger,
} from './der.ts';

export const CMS_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
} as const;

/**
 * The time-stamping policy of the platform TSA: an OID under the UUID arc 2.25 (ITU-T X.667),
 * so no registration is needed.
 */
export const TIMESTAMP_POLICY = '2.25.208949640148462306574127493437604614657';

const algorithm = (oid: string) => sequence(objectIdentifier(oid));
const attribute = (oid: string, ...values: Uint8Array[]) => sequence(objectIdentifier(oid), setOf(...values));

/** ESS signing-certificate-v2 (RFC 5035): the signer certificate's SHA-256 and issuer/serial. */
function signingCertificateV2(certificate: Uint8Array): Uint8Array {
  const { issuer, serial } = certificateParts(certificate);
  const issuerSerial = sequence(sequence(tlv(0xa4, issuer)), serial);
  return sequence(sequence(sequence(octetString(sha256(certificate)), issuerSerial)));
}

export interface SignedDataInput {
  contentType: string;
  /** SHA-256 of the content (detached) or of `encapsulated`. */
  contentDigest: Uint8Array;
  /** The content itself when it travels inside (time-stamp tokens); detached otherwise. */
  encapsulated?: Uint8Array;
  signerCertificate: Uint8Array;
  /** Every certificate to include (the signer's and its chain). */
  certificates: Uint8Array[];
  sign: DigestSigner;
  /** Unsigned attributes computed from the signature value (the time-stamp). */
  unsigned?: (signature: Uint8Array) => Promise<Uint8Array[]>;
}

/** A ContentInfo holding a SignedData with one SignerInfo (ECDSA P-256 / SHA-256). */
export async function signedData(input: SignedDataInput): Promise<Uint8Array> {
  const { issuer, serial } = certificateParts(input.signerCertificate);
  const signedAttributes = setOf(
    attribute(CMS_OID.contentType, objectIdentifier(input.contentType)),
    attribute(CMS_OID.messageDigest, octetString(input.contentDigest)),
    attribute(CMS_OID.signingCertificateV2, signingCertificateV2(input.signerCertificate)),
  );
  // The signature covers the attributes' DER with the SET OF tag; they are stored under [0] IMPLICIT.
  const signature = await input.sign(sha256(signedAttributes));
  const unsigned = input.unsigned ? await input.unsigned(signature) : [];
  const signerInfo = sequence(
    smallInteger(1),
    sequence(issuer, serial),
    algorithm(OID.sha256),
    tlv(0xa0, read(signedAttributes).content),
    algorithm(OID.ecdsaWithSha256),
    octetString(signature),
    ...(unsigned.length > 0 ? [implicitSetOf(1, ...unsigned)] : []),
  );
  const encapsulated = sequence(
    objectIdentifier(input.contentType),
    ...(input.encapsulated ? [explicit(0, octetString(input.encapsulated))] : []),
  );
  const body = sequence(
    smallInteger(input.contentType === CMS_OID.data ? 1 : 3),
    setOf(algorithm(OID.sha256)),
    encapsulated,
    implicitSetOf(0, ...input.certificates),
    setOf(signerInfo),
  );
  return sequence(objectIdentifier(CMS_OID.signedData), explicit(0, body));
}

/**
 * An RFC 3161 TimeStampToken over `imprint` (SHA-256) at `genTime`, signed by the time-stamping
 * authority's key. Its serial derives from the imprint and the time (unique per signature).
 */
export function timeStampToken(input: {
  imprint: Uint8Array;
  genTime: Date;
  tsaCertificate: Uint8Array;
  sign: DigestSigner;
}): Promise<Uint8Array> {
  const genTime = new Date(Math.floor(input.genTime.getTime() / 1000) * 1000);
  const serial = sha256(new Uint8Array([...input.imprint, ...generalizedTime(genTime)])).subarray(0, 16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tstInfo = sequence(
    smallInteger(1),
    objectIdentifier(TIMESTAMP_POLICY),
    sequence(algorithm(OID.sha256), octetString(input.imprint)),
    unsignedInteger(serial),
    generalizedTime(genTime),
  );
  return signedData({
    contentType: CMS_OID.tstInfo,
    contentDigest: sha256(tstInfo),
    encapsulated: tstInfo,
    signerCertificate: input.tsaCertificate,
    certificates: [input.tsaCertificate],
    sign: input.sign,
  });
}

export const signatureTimeStampAttribute = (token: Uint8Array) =>
  attribute(CMS_OID.signatureTimeStampToken, token);

/** What a SignedData says, read back (nothing verified yet). */
export interface ParsedSignedData {
  contentType: string;
  encapsulated?: Uint8Array;
  certificates: Uint8Array[];
  /** The certificate named by the SignerInfo's issuer and serial, if included. */
  signerCertificate?: Uint8Array;
  /** The signed attributes as they were signed (SET OF tag). */
  signedAttributes: Uint8Array;
  attributes: Map<string, Node[]>;
  unsignedAttributes: Map<string, Node[]>;
  signature: Uint8Array;
}

const attributeMap = (node: Node | undefined) =>
  new Map(
    (node ? children(node) : []).map((attr) => [
      readObjectIdentifier(child(attr, 0, 'attribute type')),
      children(child(attr, 1, 'attribute values')),
    ]),
  );

export function parseSignedData(contentInfo: Uint8Array): ParsedSignedData {
  const root = read(contentInfo);
  if (readObjectIdentifier(child(root, 0, 'contentType')) !== CMS_OID.signedData)
    throw new Error('CMS: not a SignedData');
  const body = child(child(root, 1, 'content'), 0, 'SignedData');
  const parts = children(body);
  const encap = parts[2];
  if (!encap) throw new Error('CMS: no encapContentInfo');
  const certificates = parts.filter((p) => p.tag === 0xa0).flatMap((p) => children(p).map((c) => c.der));
  const signerInfos = parts.at(-1);
  const signer = signerInfos ? children(signerInfos)[0] : undefined;
  if (!signer) throw new Error('CMS: no SignerInfo');
  const fields = children(signer);
  const sid = fields[1];
  const signed = fields.find((f) => f.tag === 0xa0);
  const signature = fields.find((f) => f.tag === 0x04);
  const unsigned = fields.find((f) => f.tag === 0xa1);
  if (!sid || !signed || !signature) throw new Error('CMS: incomplete SignerInfo');
  const [issuer, serial] = children(sid);
  const signerCertificate = certificates.find((c) => {
    const p = certificateParts(c);
    return Boolean(issuer && serial && equalBytes(p.issuer, issuer.der) && equalBytes(p.serial, serial.der));
  });
  const eContent = children(encap)[1];
  return {
    contentType: readObjectIdentifier(child(encap, 0, 'eContentType')),
    ...(eContent ? { encapsulated: child(eContent, 0, 'eContent').content } : {}),
    certificates,
    ...(signerCertificate ? { signerCertificate } : {}),
    signedAttributes: tlv(0x31, signed.content),
    attributes: attributeMap(signed),
    unsignedAttributes: attributeMap(unsigned),
    signature: signature.content,
  };
}

/**
 * Checks one SignerInfo: its signature over the signed attributes with the signer certificate's
 * key, the content type, the message digest against `contentDigest`, and the ESS certificate hash.
 * Returns the problem, or undefined when it holds.
 */
export function checkSigner(
  parsed: ParsedSignedData,
  contentDigest: Uint8Array,
  expectedContentType: string,
): string | undefined {
  if (!parsed.signerCertificate) return 'the signer certificate is not in the signature';
  const contentType = parsed.attributes.get(CMS_OID.contentType)?.[0];
  if (!contentType || readObjectIdentifier(contentType) !== expectedContentType)
    return 'the signed content type is not the expected one';
  const digest = parsed.attributes.get(CMS_OID.messageDigest)?.[0];
  if (!digest || !equalBytes(digest.content, contentDigest))
    return 'the signed message digest differs from the SHA-256 of the content: the bytes were altered';
  const essHash = parsed.attributes.get(CMS_OID.signingCertificateV2)?.[0];
  const certHash = essHash
    ? child(child(child(essHash, 0, 'certs'), 0, 'ESSCertIDv2'), 0, 'certHash')
    : undefined;
  if (!certHash || !equalBytes(certHash.content, sha256(parsed.signerCertificate)))
    return 'the signing-certificate-v2 attribute does not name the signer certificate';
  const key = createPublicKey({
    key: Buffer.from(certificateParts(parsed.signerCertificate).spki),
    format: 'der',
    type: 'spki',
  });
  let ok = false;
  try {
    ok = verify('sha256', parsed.signedAttributes, key, parsed.signature);
  } catch {
    ok = false;
  }
  return ok ? undefined : 'the ECDSA signature over the signed attributes does not verify';
}

/** The time a token states, its imprint, and the token parsed (the caller checks its signer). */
export function readTimeStampToken(token: Uint8Array) {
  const parsed = parseSignedData(token);
  if (parsed.contentType !== CMS_OID.tstInfo || !parsed.encapsulated) throw new Error('TST: no TSTInfo');
  const info = read(parsed.encapsulated);
  const imprint = child(child(info, 2, 'messageImprint'), 1, 'hashedMessage').content;
  const policy = readObjectIdentifier(child(info, 1, 'policy'));
  return {
    parsed,
    tstInfo: parsed.encapsulated,
    imprint,
    policy,
    genTime: readTime(child(info, 4, 'genTime')),
  };
}
