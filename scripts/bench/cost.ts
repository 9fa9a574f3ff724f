/**
 * The cost of one permit: the tally of every AWS call of one application's life
 * (test/integration/permit-cost.test.ts, counted by test/support/aws-tally.ts) priced with the
 * eu-west-3 on-demand table kept beside this file. SMS are priced apart (the goal is before SMS).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

interface Row {
  service: string;
  operation: string;
  calls: number;
  items: number;
  bytesOut: number;
  bytesIn: number;
  readUnits: number;
  writeUnits: number;
}
export interface CostTally {
  calls: Row[];
  invocations: { fn: string; invocations: number; totalMs: number; memoryMb: number }[];
  direct: Row[];
}
export interface PriceTable {
  region: string;
  date: string;
  source: string;
  prices: Record<string, { usd: number; what: string }>;
}

export const loadPrices = (): PriceTable =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, 'prices-eu-west-3.json'), 'utf8'));

/**
 * The monthly ranking job's share, from `npm run bench:ranking` at national scale (1,500 communes):
 * it reads ~18,000 roll-up and day items (6,163,228 / 342, docs/performance.md) in ~10 s at 1,024 MB,
 * once a month, over ~37,500 files a month (1,250 a day). Each item priced as half a read unit
 * (eventually consistent Query pages of items under 4 KB: an upper bound).
 */
export const RANKING_JOB = { itemsRead: 18_000, seconds: 10, memoryMb: 1024, filesPerMonth: 37_500 };

const ASYMMETRIC_KMS = new Set(['Sign', 'Verify', 'GetPublicKey']);
const S3_PUT_CLASS = /^(Put|Post|Copy|List|Create|Complete|Upload)/;

export interface ServiceCost {
  service: string;
  usd: number;
  detail: string;
}
export interface PermitCost {
  byService: ServiceCost[];
  totalBeforeSms: number;
  /** Before every outbound message: the e-mails too, whose number the notification matrix sets (docs/review.md). */
  totalBeforeMessages: number;
  /**
   * What the life's own requests cost at their unit price, whatever the design: its S3 uploads and
   * the permit (PUT/POST), its API requests and the Lambda invocations behind them, its KMS
   * signatures. Durations, reads and every DynamoDB write come on top.
   */
  requestFloor: { usd: number; detail: string };
  sms: { messages: number; usd: number };
}

/** Dollars per permit by service, from one life's tally. */
export function priceTally(tally: CostTally, table: PriceTable = loadPrices()): PermitCost {
  const p = (name: string) => {
    const price = table.prices[name];
    if (!price) throw new Error(`no price '${name}' in the price table`);
    return price.usd;
  };
  const rows = [...tally.calls, ...tally.direct];
  const of = (service: string) => rows.filter((r) => r.service === service);
  const sum = (rs: Row[], f: (r: Row) => number) => rs.reduce((s, r) => s + f(r), 0);
  const out: ServiceCost[] = [];

  const dynamo = of('DynamoDB');
  const rru = sum(dynamo, (r) => r.readUnits);
  const wru = sum(dynamo, (r) => r.writeUnits);
  out.push({
    service: 'DynamoDB',
    usd: rru * p('dynamodbReadRequestUnit') + wru * p('dynamodbWriteRequestUnit'),
    detail: `${sum(dynamo, (r) => r.calls)} requests, ${rru.toFixed(1)} RRU, ${wru.toFixed(1)} WRU`,
  });

  const invocations = tally.invocations.reduce((s, i) => s + i.invocations, 0);
  const gbSeconds = tally.invocations.reduce((s, i) => s + (i.totalMs / 1000) * (i.memoryMb / 1024), 0);
  out.push({
    service: 'Lambda',
    usd: invocations * p('lambdaRequest') + gbSeconds * p('lambdaArmGbSecond'),
    detail: `${invocations} invocations, ${gbSeconds.toFixed(2)} GB-s (durations measured here, on the local cloud)`,
  });

  const httpCalls = tally.invocations
    .filter((i) => i.fn.startsWith('http:'))
    .reduce((s, i) => s + i.invocations, 0);
  out.push({
    service: 'API Gateway',
    usd: httpCalls * p('apiGatewayHttpRequest'),
    detail: `${httpCalls} HTTP API requests`,
  });

  const kms = of('KMS');
  const asym = sum(
    kms.filter((r) => ASYMMETRIC_KMS.has(r.operation)),
    (r) => r.calls,
  );
  const sym = sum(kms, (r) => r.calls) - asym;
  out.push({
    service: 'KMS',
    usd: asym * p('kmsAsymmetricRequest') + sym * p('kmsRequest'),
    detail: `${asym} asymmetric (Sign ${sum(
      kms.filter((r) => r.operation === 'Sign'),
      (r) => r.calls,
    )}), ${sym} other`,
  });

  const s3 = of('S3');
  const puts = sum(
    s3.filter((r) => S3_PUT_CLASS.test(r.operation)),
    (r) => r.calls,
  );
  const gets = sum(s3, (r) => r.calls) - puts;
  const stored = sum(
    s3.filter((r) => S3_PUT_CLASS.test(r.operation)),
    (r) => r.bytesOut,
  );
  out.push({
    service: 'S3',
    usd: puts * p('s3PutRequest') + gets * p('s3GetRequest') + (stored / 1024 ** 3) * p('s3StorageGbMonth'),
    detail: `${puts} PUT/POST, ${gets} GET/HEAD, ${stored} bytes written (one month stored)`,
  });

  const ses = sum(
    of('SES').filter((r) => r.operation === 'SendEmail'),
    (r) => r.calls,
  );
  const sesUsd = ses * p('sesEmail');
  out.push({ service: 'SES', usd: sesUsd, detail: `${ses} e-mails` });

  const sqs = sum(of('SQS'), (r) => r.calls);
  const secrets = sum(of('SecretsManager'), (r) => r.calls);
  out.push({
    service: 'SQS + Secrets Manager',
    usd: sqs * p('sqsRequest') + secrets * p('secretsManagerRequest'),
    detail: `${sqs} SQS, ${secrets} Secrets Manager requests`,
  });

  const job = RANKING_JOB;
  out.push({
    service: 'Ranking job (share)',
    usd:
      (job.itemsRead * 0.5 * p('dynamodbReadRequestUnit') +
        p('lambdaRequest') +
        job.seconds * (job.memoryMb / 1024) * p('lambdaArmGbSecond')) /
      job.filesPerMonth,
    detail: `${job.itemsRead} items read monthly / ${job.filesPerMonth} files a month`,
  });

  const known = new Set(['DynamoDB', 'KMS', 'S3', 'SES', 'SNS', 'SQS', 'SecretsManager']);
  const unknown = rows.filter((r) => !known.has(r.service));
  if (unknown.length > 0)
    throw new Error(`no price for ${unknown.map((r) => `${r.service} ${r.operation}`).join(', ')}`);

  const smsMessages = sum(
    of('SNS').filter((r) => r.operation === 'Publish'),
    (r) => r.calls,
  );
  const signatures = sum(
    kms.filter((r) => r.operation === 'Sign'),
    (r) => r.calls,
  );
  out.sort((a, b) => b.usd - a.usd);
  const totalBeforeSms = out.reduce((s, c) => s + c.usd, 0);
  return {
    byService: out,
    totalBeforeSms,
    totalBeforeMessages: totalBeforeSms - sesUsd,
    requestFloor: {
      usd:
        puts * p('s3PutRequest') +
        httpCalls * (p('apiGatewayHttpRequest') + p('lambdaRequest')) +
        signatures * p('kmsAsymmetricRequest'),
      detail: `${puts} S3 PUT/POST, ${httpCalls} API requests and their invocations, ${signatures} KMS signatures`,
    },
    sms: { messages: smsMessages, usd: smsMessages * p('snsSmsMorocco') },
  };
}

export const COST_GOAL_USD = 0.0002;

export function printPermitCost(cost: PermitCost, table: PriceTable = loadPrices()): void {
  console.log(
    `\nCost of one permit (${table.region}, on-demand, prices of ${table.date}, ${table.source.split(' (')[0]})`,
  );
  for (const s of cost.byService) {
    const share = cost.totalBeforeSms > 0 ? (100 * s.usd) / cost.totalBeforeSms : 0;
    console.log(
      `  ${s.service.padEnd(22)} $${s.usd.toFixed(7)}  ${share.toFixed(0).padStart(3)} %  ${s.detail}`,
    );
  }
  console.log(
    `  total before SMS       $${cost.totalBeforeSms.toFixed(7)}  (goal ≤ $${COST_GOAL_USD}: ×${(cost.totalBeforeSms / COST_GOAL_USD).toFixed(2)} the goal)`,
  );
  console.log(
    `  total before messages  $${cost.totalBeforeMessages.toFixed(7)}  (e-mails apart too: ×${(cost.totalBeforeMessages / COST_GOAL_USD).toFixed(2)} the goal)`,
  );
  console.log(
    `  of which the requests  $${cost.requestFloor.usd.toFixed(7)}  (${cost.requestFloor.detail}: ×${(cost.requestFloor.usd / COST_GOAL_USD).toFixed(2)} the goal before any write)`,
  );
  console.log(`  SMS                    $${cost.sms.usd.toFixed(4)}  ${cost.sms.messages} messages (apart)`);
}
