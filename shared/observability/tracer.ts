/**
 * X-Ray subsegments around AWS SDK calls (Powertools Tracer), where a slow or failing dependency is
 * the request: signing (KMS, the table's transactions), the bank's callback (the store key, the
 * table) and submission (its transaction). Lambda's active tracing (the function construct) already
 * records every invocation; this adds one subsegment per SDK call of the clients passed here.
 *
 * Only in functions whose route declares `tracing: 'sdk'`: the flag is defined at bundle time
 * (ROUTE_TRACE_SDK), so everywhere else the X-Ray SDK is left out of the bundle and its cold start.
 * Outside Lambda (tests, scripts) the flag is unset and `traced` returns the client unchanged.
 */
import type { Tracer } from '@aws-lambda-powertools/tracer';

const tracer: Tracer | undefined = process.env.ROUTE_TRACE_SDK === 'on' ? await createTracer() : undefined;

async function createTracer(): Promise<Tracer> {
  const { Tracer } = await import('@aws-lambda-powertools/tracer');
  return new Tracer();
}

export const traced = <T>(client: T): T => (tracer ? tracer.captureAWSv3Client(client) : client);
