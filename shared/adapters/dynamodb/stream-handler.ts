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
    try {
      const response = await processPartialResponse(event, handleRecord, processor, {
        context: context as never,
      });
      logger.debug('stream batch', {
        records: event.Records.length,
        failed: response.batchItemFailures.length,
      });
      if (response.batchItemFailures.length > 0) logFailures(processor);
      return response;
    } catch (error) {
      logFailures(processor); // the whole batch failed: Lambda retries it
      throw error;
    }
  };
}

/**
 * Why records failed, one ERROR line per batch: the retries and the dead letters keep the records,
 * this says what went wrong (error names and messages, which name ids, never a message's content).
 */
function logFailures(processor: BatchProcessor) {
  logger.error('stream records failed', {
    // The logger masks phone numbers in text; a provider's message may name an e-mail address too.
    errors: processor.errors.map((e) => ({
      name: e.name,
      message: e.message.replace(/[^\s@<>]+@[^\s@<>]+/g, '[e-mail]'),
    })),
  });
}
