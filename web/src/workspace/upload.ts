/**
 * Browser side of a document upload: the type and size checked before anything is sent, the SHA-256
 * computed with WebCrypto (the server compares it with what S3 stored), and the presigned POST sent
 * with XMLHttpRequest, the only browser API that reports upload progress.
 */

export type { DocumentFormat } from './files.ts';
export { formatOf, precheck } from './files.ts';

export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class UploadError extends Error {
  readonly status: number;
  readonly body: string;
  constructor(status: number, body: string) {
    super(status === 0 ? 'network' : `S3 answered ${status}`);
    this.status = status;
    this.body = body;
  }
}

/**
 * POSTs the file to the presigned form (fields first, file last, as S3 requires) and reports the
 * fraction sent. Resolves when S3 answered 2xx; an interruption rejects with status 0.
 */
export function postToForm(
  form: { url: string; fields: Record<string, string> },
  file: Blob,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    for (const [k, v] of Object.entries(form.fields)) body.append(k, v);
    body.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.url);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status < 200 || xhr.status >= 300) return reject(new UploadError(xhr.status, xhr.responseText));
      onProgress(1);
      resolve();
    });
    xhr.addEventListener('error', () => reject(new UploadError(0, '')));
    xhr.addEventListener('abort', () => reject(new UploadError(0, 'aborted')));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}
