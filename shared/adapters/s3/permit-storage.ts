import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { PermitStorage } from '../../domain/signing/ports.ts';

/**
 * The permits bucket. Object Lock (COMPLIANCE, default retention) makes every version write-once;
 * S3 requires an integrity checksum on writes to such a bucket, so each put carries its SHA-256.
 */
export class S3PermitStorage implements PermitStorage {
  private readonly s3: S3Client;
  private readonly bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<{ versionId?: string }> {
    const { VersionId } = await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    return VersionId ? { versionId: VersionId } : {};
  }

  async get(key: string, versionId?: string): Promise<Uint8Array | undefined> {
    try {
      const { Body } = await this.s3.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(versionId ? { VersionId: versionId } : {}),
        }),
      );
      return Body ? await Body.transformToByteArray() : undefined;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchVersion')
        return undefined;
      throw error;
    }
  }
}
