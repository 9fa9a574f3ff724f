import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { traced } from '../../observability/tracer.ts';
import { awsClientConfig } from '../aws-config.ts';

let client: DynamoDBClient | undefined;
let document: DynamoDBDocumentClient | undefined;

/**
 * Built on first use, once per container, and reused across invocations. Not at module load: a
 * function's cold start then pays only for importing the client, and functions that never call the
 * table (public routes of static data) do not build it.
 */
export function dynamoClient(): DynamoDBClient {
  client ??= traced(new DynamoDBClient(awsClientConfig()));
  return client;
}
export function documentClient(): DynamoDBDocumentClient {
  document ??= DynamoDBDocumentClient.from(dynamoClient(), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return document;
}
