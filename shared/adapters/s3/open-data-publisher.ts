import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { OpenDataPublisher } from '../../domain/ranking/ports.ts';

/**
 * Writes published files to the open-data bucket. The bucket is versioned, so a re-run of a period
 * adds a version whose bytes (and ETag) are those of the previous one when nothing changed.
 */
export class S3OpenDataPublisher implements OpenDataPublisher {
  private readonly s3: S3Client;
  private readonly bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  async put(key: string, body: string, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        CacheControl: 'public, max-age=300',
      }),
    );
  }
}
