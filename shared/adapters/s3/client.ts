import { S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig } from '../aws-config.ts';

/**
 * Created once per container. Path-style addressing is switched on only where the stage says so
 * (S3_FORCE_PATH_STYLE, set for the local cloud): the emulator serves buckets under its one host
 * name, where a virtual-hosted `bucket.127.0.0.1` address cannot resolve. AWS uses the default.
 */
export const s3Client = new S3Client({
  ...awsClientConfig(),
  forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true',
  // Presigned URLs must not carry checksum parameters the browser cannot produce.
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
