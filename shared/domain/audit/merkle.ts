import { createHash } from 'node:crypto';

/**
 * The Merkle tree hash of RFC 6962 (Certificate Transparency, §2.1) with SHA-256: a leaf is
 * SHA-256(0x00 ‖ data), a node SHA-256(0x01 ‖ left ‖ right), a list of n > 1 entries is split at the
 * largest power of two below n, and the empty tree's hash is SHA-256 of nothing. The data of a leaf
 * is an event's 32-byte hash. Domain separation (0x00/0x01) keeps a node from passing for a leaf.
 */
const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

function treeHash(leaves: Uint8Array[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return sha256(LEAF, leaves[0] as Uint8Array);
  let split = 1;
  while (split * 2 < leaves.length) split *= 2;
  return sha256(NODE, treeHash(leaves.slice(0, split)), treeHash(leaves.slice(split)));
}

/** The root (lower-case hex) over the leaves' data, given as hex strings in their order. */
export const merkleRoot = (leavesHex: string[]): string =>
  treeHash(leavesHex.map((hex) => Buffer.from(hex, 'hex'))).toString('hex');
