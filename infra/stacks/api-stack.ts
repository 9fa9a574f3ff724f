import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { isPublic, type RouteSpec } from '../../shared/http/route.ts';
import type { StageConfig } from '../config.ts';
import { DeadlineSweep } from '../constructs/deadline-sweep.ts';
import { Notifier } from '../constructs/notifier.ts';
import { PlatformFunction } from '../constructs/platform-function.ts';
import { Ranking } from '../constructs/ranking.ts';
import { acknowledge } from '../nag.ts';

export interface ApiStackProps extends StackProps {
  config: StageConfig;
  routes: readonly RouteSpec[];
  table: dynamodb.ITableV2;
  tableIndexes: readonly string[];
  documentsBucket: s3.IBucket;
  /** Export name of the documents bucket ARN (see StatefulStack). */
  documentsBucketArnExport: string;
  openDataBucket: s3.IBucket;
  /** Export name of the open-data bucket ARN (see StatefulStack). */
  openDataBucketArnExport: string;
  gatewayStoreKey: secretsmanager.ISecret;
  /** Local stage: the emulator's port, for the public API URL the payment pages and callbacks use. */
  localPort?: number;
  emailIdentity: ses.IEmailIdentity;
  userPool: cognito.IUserPool;
  userPoolClient: cognito.IUserPoolClient;
}

/**
 * The HTTP API and its functions, one per route of the route list (functions/routes.ts).
 * Every route has the Cognito JWT authorizer unless the route list marks it public.
 */
export class ApiStack extends Stack {
  readonly api: apigw.HttpApi;
  readonly functions = new Map<string, PlatformFunction>();
  readonly notifier: Notifier;
  readonly deadlineSweep: DeadlineSweep;
  readonly ranking: Ranking;

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
    const authorizer = new HttpJwtAuthorizer(
      'Cognito',
      `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`,
      { jwtAudience: [props.userPoolClient.userPoolClientId] },
    );

    const documentsBucket = s3.Bucket.fromBucketAttributes(this, 'DocumentsBucket', {
      bucketArn: Fn.importValue(props.documentsBucketArnExport),
      bucketName: props.documentsBucket.bucketName,
    });

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

    // The URL browsers and the bank use to reach the API: the path form on the local cloud.
    const publicApiUrl = config.isLocal
      ? `http://127.0.0.1:${props.localPort ?? 4566}/_aws/execute-api/${this.api.apiId}/$default`
      : this.api.apiEndpoint;
    const deployed = props.routes.filter((route) => !route.stages || route.stages.includes(config.stage));

    for (const route of deployed) {
      const fn = new PlatformFunction(this, route.operationId, { entry: route.entry, config });
      const needs = route.needs ?? {};
      if (needs.table === 'read') fn.grantTableRead(props.table, props.tableIndexes);
      if (needs.table === 'write') fn.grantTableWrite(props.table, props.tableIndexes);
      if (needs.documents) fn.grantDocuments(documentsBucket, needs.documents);
      if (needs.userPool === 'admin') fn.grantUserPoolAdmin(props.userPool);
      if (needs.email) fn.grantSendEmail(props.emailIdentity, config.emailDomain);
      if (needs.rankingRuns) this.ranking.grantRequestRuns(fn);
      if (needs.gateway) {
        props.gatewayStoreKey.grantRead(fn.fn);
        fn.fn.addEnvironment('CMI_STORE_KEY_SECRET', props.gatewayStoreKey.secretArn);
        fn.fn.addEnvironment('CMI_CLIENT_ID', config.cmi.clientId);
        fn.fn.addEnvironment('CMI_GATEWAY_URL', config.cmi.gatewayUrl ?? `${publicApiUrl}/simulator/cmi`);
        fn.fn.addEnvironment('PUBLIC_API_URL', publicApiUrl);
      }
      fn.fn.addEnvironment('APP_LOGIN_URL', config.loginUrl);
      this.functions.set(route.operationId, fn);
      this.api.addRoutes({
        path: route.path,
        methods: [route.method as apigw.HttpMethod],
        integration: new HttpLambdaIntegration(`${route.operationId}Integration`, fn.fn),
        ...(isPublic(route) ? {} : { authorizer }),
      });
    }

    for (const route of deployed.filter(isPublic)) {
      const cfnRoute = this.api.node.findChild(
        `${route.method}--${route.path.replace(/\//g, '--').replace(/^--/, '')}`,
      );
      acknowledge(cfnRoute, [
        {
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design (see the route list).`,
        },
      ]);
    }

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
    });
    new CfnOutput(this, 'DeadlineSweepFunctionName', { value: this.deadlineSweep.function.fn.functionName });

    new CfnOutput(this, 'RankingJobFunctionName', { value: this.ranking.job.fn.functionName });
    new CfnOutput(this, 'NotificationDeadLetterQueueUrl', { value: this.notifier.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'ApiId', { value: this.api.apiId });
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }
}
