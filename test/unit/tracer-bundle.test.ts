import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { signPermitRoute, verifyPermitRoute } from '../../functions/signing/routes.ts';
import { constructBuildOptions } from '../support/bundle.ts';

/** The KMS wiring bundled as the function construct does, with the route's tracing flag. */
async function bundle(flag: 'on' | 'off') {
  const result = await build({
    ...constructBuildOptions,
    entryPoints: ['functions/wiring/kms.ts'],
    define: { 'process.env.ROUTE_TRACE_SDK': JSON.stringify(flag) },
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('SDK tracing (shared/observability/tracer.ts)', () => {
  it('is declared by the routes where a dependency is the request, not by the others', () => {
    expect(signPermitRoute.tracing).toBe('sdk');
    expect(verifyPermitRoute.tracing).toBeUndefined();
  });

  it('wraps the clients with the X-Ray SDK only in bundles built with the flag on', async () => {
    const [on, off] = [await bundle('on'), await bundle('off')];
    expect(on).toContain('captureAWSv3Client');
    expect(on).toContain('aws-xray-sdk');
    expect(off).not.toContain('captureAWSv3Client');
    expect(off).not.toContain('aws-xray-sdk');
    // The cold-start cost it spares the other functions.
    expect(on.length - off.length).toBeGreaterThan(50_000);
  }, 60_000);
});
