/**
 * The open-data site on the local cloud: a loopback server that serves the open-data bucket of the
 * emulator read-only, as CloudFront does on the AWS stages (infra/constructs/open-data-site.ts):
 * GET and HEAD only (anything else is 405, so an anonymous write is refused), `index.html` at the
 * root, the object's own Content-Type and Cache-Control, CORS open to any origin, no credentials
 * asked of the caller. It reads the bucket with the SDK, as CloudFront reads it through origin access
 * control: the emulator's S3 does not enforce bucket policies, so exposing it directly would accept
 * anonymous writes.
 */
import { createServer, type Server } from 'node:http';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { type LoopbackServer, listenOnLoopback } from './loopback-server.ts';
import { LOCAL_REGION } from './ministack.ts';

export type OpenDataServer = LoopbackServer;

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD',
  'Access-Control-Allow-Headers': '*',
};

export async function startOpenDataServer(options: {
  port: number;
  endpoint: string;
  bucket: string;
}): Promise<OpenDataServer> {
  const s3 = new S3Client({
    region: LOCAL_REGION,
    endpoint: options.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const server: Server = createServer(async (request, response) => {
    const headers = { ...CORS, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { ...headers, 'Access-Control-Max-Age': '86400' }).end();
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response
        .writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
        .end('The open-data site is read-only.\n');
      return;
    }
    let key: string;
    try {
      key = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname).replace(/^\/+/, '');
    } catch {
      response.writeHead(400, headers).end();
      return;
    }
    if (key === '' || key.endsWith('/')) key = `${key}index.html`;
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
      const body = Buffer.from(
        await (object.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())),
      );
      response.writeHead(200, {
        ...headers,
        'Content-Type': object.ContentType ?? 'application/octet-stream',
        'Cache-Control': object.CacheControl ?? 'public, max-age=300',
        'Content-Length': body.length,
        ...(object.ETag ? { ETag: object.ETag } : {}),
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      const missing = error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey';
      response
        .writeHead(missing ? 404 : 502, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
        .end(missing ? 'Not found\n' : 'The local cloud did not answer.\n');
    }
  });
  return listenOnLoopback(server, options.port);
}
