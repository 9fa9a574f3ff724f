import { type BatchProcessor, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../../observability/logger.ts';

type RecordHandler = Parameters<typeof processPartialResponse>[1];

/**
 * A stream consumer's Lambda handler: each record through `handleRecord`, a partial batch response
 * (only the failed records come back), then one debug line for the batch. As with the HTTP access
 * line (shared/http/middleware/access-log.ts), that line also spares every invocation the local
 * cloud's 50 ms wait for a log line from a function that wrote none.
 */
export function streamHandler(processor: BatchProcessor, handleRecord: RecordHandler) {
  return async (event: DynamoDBStreamEvent, context: unknown) => {
    const response = await processPartialResponse(event, handleRecord, processor, {
      context: context as never,
    });
    logger.debug('stream batch', {
      records: event.Records.length,
      failed: response.batchItemFailures.length,
    });
    return response;
  };
}
