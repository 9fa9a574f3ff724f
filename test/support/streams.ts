import type { DynamoDBRecord } from 'aws-lambda';
import type { TestCloud } from './cloud.ts';

/**
 * Reads the table's DynamoDB stream on the local cloud (DynamoDB Streams JSON API: ListStreams,
 * DescribeStream, GetShardIterator, GetRecords), from the oldest record, as a Lambda event source
 * would hand them over. The emulator keeps one shard per stream.
 */
export async function streamRecords(cloud: TestCloud): Promise<DynamoDBRecord[]> {
  const call = async (action: string, body: Record<string, unknown>) => {
    const response = await fetch(cloud.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDBStreams_20120810.${action}`,
        authorization: `AWS4-HMAC-SHA256 Credential=test/20250101/${cloud.outputs.region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${action}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { Streams } = (await call('ListStreams', { TableName: cloud.outputs.tableName })) as {
    Streams: { StreamArn: string }[];
  };
  const streamArn = Streams[0]?.StreamArn;
  if (!streamArn) throw new Error('the table has no stream');
  const { StreamDescription } = (await call('DescribeStream', { StreamArn: streamArn })) as {
    StreamDescription: { Shards: { ShardId: string }[] };
  };
  const records: DynamoDBRecord[] = [];
  for (const shard of StreamDescription.Shards) {
    let { ShardIterator: iterator } = (await call('GetShardIterator', {
      StreamArn: streamArn,
      ShardId: shard.ShardId,
      ShardIteratorType: 'TRIM_HORIZON',
    })) as { ShardIterator?: string };
    while (iterator) {
      const page = (await call('GetRecords', { ShardIterator: iterator, Limit: 1000 })) as {
        Records: DynamoDBRecord[];
        NextShardIterator?: string;
      };
      records.push(...page.Records);
      if (page.Records.length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return records;
}
