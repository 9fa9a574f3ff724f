import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { DECIDED_EVENTS, RECEIVED_EVENTS } from '../../shared/domain/rollout/stats.ts';
import { SEARCH_EVENTS } from '../../shared/domain/search/terms.ts';
import type { StageConfig } from '../config.ts';
import { AuditSeal } from '../constructs/audit-seal.ts';
import { DeadlineSweep } from '../constructs/deadline-sweep.ts';
import { EventConsumer } from '../constructs/event-consumer.ts';
import { Notifier } from '../constructs/notifier.ts';
import { alarmTopic, Operations } from '../constructs/operations.ts';
import { Ranking } from '../constructs/ranking.ts';
import { SettlementImport } from '../constructs/settlement-import.ts';

export interface ApiStackProps extends StackProps {
  config: StageConfig;
  table: dynamodb.ITableV2;
  tableIndexes: readonly string[];
  openDataBucket: s3.IBucket;
  /** Export name of the open-data bucket ARN (see StatefulStack). */
  openDataBucketArnExport: string;
  /** The acquirer's settlement files (stateful stack), read by the daily import. */
  settlementBucket: s3.IBucket;
  settlementBucketArnExport: string;
  /** Local stage: the emulator's port, for the public API URL the payment pages and callbacks use. */
  localPort?: number;
  emailIdentity: ses.IEmailIdentity;
  userPool: cognito.IUserPool;
  userPoolClient: cognito.IUserPoolClient;
  /** The platform seal key of the audit trail (stateful stack). */
  auditSealKey: kms.IKey;
}

/**
 * The HTTP API (stage, access logs, JWT authorizer) and the table's background functions (notifier,
 * deadline sweep). The routes and their functions live in one RoutesStack per capability group;
 * every route has the Cognito JWT authorizer unless the route list marks it public.
 */
export class ApiStack extends Stack {
  readonly api: apigw.HttpApi;
  /** Bound by the routes stacks; created in this stack on first use. */
  readonly authorizer: HttpJwtAuthorizer;
  readonly publicApiUrl: string;
  readonly notifier: Notifier;
  readonly deadlineSweep: DeadlineSweep;
  readonly settlementImport: SettlementImport;
  readonly statsCounter: EventConsumer;
  readonly searchIndexer: EventConsumer;
  readonly ranking: Ranking;
  readonly auditSeal: AuditSeal;
  /** The stage's alarm topic (AWS stages only); OperationalAlarms wires every stack's alarms to it. */
  readonly alarmTopic?: sns.Topic;
  readonly operations?: Operations;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.api = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `rukhsa-${config.stage}`,
      description: 'Rukhsa paperless permits API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: config.corsOrigins,
        allowMethods: [apigw.CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        maxAge: undefined,
      },
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.logRetentionDays as logs.RetentionDays,
    });
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: config.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // JSON lines without the caller's IP or identity claims: enough to trace a request, no personal data.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    // ID tokens: they carry the role groups and the custom scope attributes the handlers need.
    this.authorizer = new HttpJwtAuthorizer(
      'Cognito',
      `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`,
      { jwtAudience: [props.userPoolClient.userPoolClientId] },
    );

    const openDataBucket = s3.Bucket.fromBucketAttributes(this, 'OpenDataBucket', {
      bucketArn: Fn.importValue(props.openDataBucketArnExport),
      bucketName: props.openDataBucket.bucketName,
    });
    this.ranking = new Ranking(this, 'Ranking', {
      config,
      table: props.table,
      tableIndexes: props.tableIndexes,
      openDataBucket,
    });

    this.auditSeal = new AuditSeal(this, 'AuditSeal', {
      config,
      table: props.table,
      tableIndexes: props.tableIndexes,
      openDataBucket,
      sealKey: props.auditSealKey,
    });

    // The URL browsers and the bank use to reach the API: the path form on the local cloud.
    this.publicApiUrl = config.isLocal
      ? `http://127.0.0.1:${props.localPort ?? 4566}/_aws/execute-api/${this.api.apiId}/$default`
      : this.api.apiEndpoint;

    this.notifier = new Notifier(this, 'Notifier', {
      config,
      table: props.table,
      tableIndexes: props.tableIndexes,
      emailIdentity: props.emailIdentity,
    });

    this.deadlineSweep = new DeadlineSweep(this, 'DeadlineSweep', {
      config,
      table: props.table,
      tableIndexes: props.tableIndexes,
      emailIdentity: props.emailIdentity,
    });
    this.settlementImport = new SettlementImport(this, 'SettlementImport', {
      config,
      table: props.table,
      tableIndexes: props.tableIndexes,
      // Imported by its exported ARN, so grants and cdk-nag name it the same way in every stage.
      bucket: s3.Bucket.fromBucketAttributes(this, 'SettlementBucket', {
        bucketArn: Fn.importValue(props.settlementBucketArnExport),
        bucketName: props.settlementBucket.bucketName,
      }),
    });
    // Counting is idempotent per event, so a replayed record never counts twice.
    this.statsCounter = new EventConsumer(this, 'StatsCounter', {
      config,
      table: props.table,
      tableIndexes: props.tableIndexes,
      entry: 'functions/rollout/count-applications.ts',
      description: 'Counts applications received and decided per day for the public figures (table stream)',
      what: 'the stats counter stream',
      eventTypes: [...RECEIVED_EVENTS, ...DECIDED_EVENTS],
      batchSize: 25,
    });
    this.searchIndexer = new EventConsumer(this, 'SearchIndexer', {
      config,
      table: props.table,
      tableIndexes: props.tableIndexes,
      entry: 'functions/search/index-on-stream.ts',
      description:
        'Indexes files for search and tracking (receipt, land title, applicant, permit) from the table stream',
      what: 'the search indexer stream',
      eventTypes: SEARCH_EVENTS,
      batchSize: 25,
    });

    if (config.alarms) {
      const alarmed = { ...config, alarms: config.alarms };
      this.alarmTopic = alarmTopic(this, alarmed);
      this.operations = new Operations(this, 'Operations', {
        config: alarmed,
        topic: this.alarmTopic,
        api: this.api,
        streamConsumers: [
          this.notifier.function,
          this.statsCounter.function,
          this.searchIndexer.function,
          this.ranking.aggregator,
        ],
        scheduledJobs: [
          { job: 'deadline-sweep', fn: this.deadlineSweep.function },
          { job: 'ranking', fn: this.ranking.job },
          { job: 'audit-seal', fn: this.auditSeal.job },
          { job: 'settlement-import', fn: this.settlementImport.function },
        ],
        queues: [
          this.notifier.deadLetterQueue,
          this.statsCounter.deadLetterQueue,
          this.searchIndexer.deadLetterQueue,
          this.ranking.streamDeadLetters,
          this.ranking.runs,
          this.ranking.runDeadLetters,
          this.ranking.scheduleDeadLetters,
          this.deadlineSweep.deadLetterQueue,
          this.auditSeal.scheduleDeadLetters,
          this.settlementImport.deadLetterQueue,
        ],
      });
      new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
      new CfnOutput(this, 'DashboardName', { value: this.operations.dashboard.dashboardName });
    }
    new CfnOutput(this, 'NotifierFunctionName', { value: this.notifier.function.fn.functionName });
    new CfnOutput(this, 'SettlementImportFunctionName', {
      value: this.settlementImport.function.fn.functionName,
    });
    new CfnOutput(this, 'DeadlineSweepFunctionName', { value: this.deadlineSweep.function.fn.functionName });

    new CfnOutput(this, 'AuditSealFunctionName', { value: this.auditSeal.job.fn.functionName });
    new CfnOutput(this, 'RankingJobFunctionName', { value: this.ranking.job.fn.functionName });
    new CfnOutput(this, 'NotificationDeadLetterQueueUrl', { value: this.notifier.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'ApiId', { value: this.api.apiId });
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }
}
