import { S3Client } from '@aws-sdk/client-s3';
import { optionalEnv } from '../../environment.ts';
import { awsClientConfig } from '../aws-config.ts';

/**
 * Path-style addressing is switched on only where the stage says so (S3_FORCE_PATH_STYLE, set for
 * the local cloud): the emulator serves buckets under its one host name, where a virtual-hosted
 * `bucket.127.0.0.1` address cannot resolve. AWS uses the default.
 */
export const createS3Client = () =>
  new S3Client({
    ...awsClientConfig(),
    forcePathStyle: optionalEnv('S3_FORCE_PATH_STYLE') === 'true',
    // Presigned URLs must not carry checksum parameters the browser cannot produce.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
