import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { SettlementInbox } from '../../domain/payments/ports.ts';

const INCOMING = 'incoming/';

/**
 * The bucket the acquirer's settlement files are dropped in: `incoming/<BENEFICIARY>/<name>.csv`.
 * A handled file is moved (copy, then delete) to `processed/` or `rejected/` under the same name.
 */
export class S3SettlementInbox implements SettlementInbox {
  private readonly s3: S3Client;
  private readonly bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  async pending(): Promise<{ key: string; beneficiary: string }[]> {
    const out: { key: string; beneficiary: string }[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: INCOMING, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        const match = /^incoming\/([A-Z][A-Z0-9_]{2,39})\/[^/]+\.csv$/i.exec(object.Key ?? '');
        if (match?.[1] && object.Key) out.push({ key: object.Key, beneficiary: match[1] });
      }
      token = page.NextContinuationToken;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  async read(key: string): Promise<string> {
    const { Body } = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return (await Body?.transformToString('utf-8')) ?? '';
  }

  async archive(key: string, outcome: 'processed' | 'rejected'): Promise<void> {
    const target = `${outcome}/${key.slice(INCOMING.length)}`;
    await this.s3.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: target,
        CopySource: `${this.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
      }),
    );
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
