import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, NotFound, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DocumentStorage, StoredObject } from '../../domain/applications/ports.ts';

/** S3 adapter of DocumentStorage on the private, versioned documents bucket. */
export class S3DocumentStorage implements DocumentStorage {
  private readonly s3: S3Client;
  private readonly bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** Presigned POST: S3 itself refuses a body outside the size range or with another Content-Type. */
  async presignUpload(args: {
    key: string;
    contentType: string;
    maxBytes: number;
    expiresInSeconds: number;
  }) {
    const { url, fields } = await createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: args.key,
      Conditions: [
        ['content-length-range', 1, args.maxBytes],
        ['eq', '$Content-Type', args.contentType],
      ],
      Fields: { 'Content-Type': args.contentType },
      Expires: args.expiresInSeconds,
    });
    return { url, fields };
  }

  /** Size, type and version from S3; the SHA-256 is computed by streaming the object once. */
  async inspect(key: string): Promise<StoredObject | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      const object = await this.s3.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(head.VersionId ? { VersionId: head.VersionId } : {}),
        }),
      );
      const hash = createHash('sha256');
      const first: number[] = [];
      for await (const chunk of object.Body as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        for (let i = 0; i < chunk.length && first.length < 16; i++) first.push(chunk[i] as number);
      }
      return {
        sizeBytes: head.ContentLength ?? 0,
        contentType: (head.ContentType ?? 'application/octet-stream').split(';')[0]?.trim() ?? '',
        ...(head.VersionId ? { versionId: head.VersionId } : {}),
        sha256: hash.digest('hex'),
        head: Uint8Array.from(first),
      };
    } catch (error) {
      if (
        error instanceof NotFound ||
        (error as { name?: string }).name === 'NotFound' ||
        (error as { name?: string }).name === 'NoSuchKey'
      ) {
        return undefined;
      }
      throw error;
    }
  }

  presignDownload(args: {
    key: string;
    versionId?: string;
    fileName: string;
    expiresInSeconds: number;
  }): Promise<string> {
    const safeName = args.fileName.replace(/[^\w.-]+/g, '_');
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: args.key,
        ...(args.versionId ? { VersionId: args.versionId } : {}),
        ResponseContentDisposition: `attachment; filename="${safeName}"`,
      }),
      { expiresIn: args.expiresInSeconds },
    );
  }
}
