import { ApiError } from '../api/client.ts';
import { config } from '../config.ts';
import { bearer } from './auth.ts';

/**
 * Downloads a signed-in PDF (quittance, permit): fetched with the bearer token, then saved from
 * memory, so the token never travels in a URL.
 */
export async function downloadPdf(path: string, fileName: string) {
  const res = await fetch(`${config().apiUrl}${path}`, { headers: await bearer() }).catch((e) => {
    throw new ApiError(0, { title: 'network', detail: String(e) });
  });
  if (!res.ok) {
    const problem = await res.json().catch(() => ({ title: res.statusText }));
    throw new ApiError(res.status, problem);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
