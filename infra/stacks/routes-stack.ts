import { Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { isPublic, type RouteSpec } from '../../shared/http/route.ts';
import type { StageConfig } from '../config.ts';
import { PlatformFunction } from '../constructs/platform-function.ts';
import type { Ranking } from '../constructs/ranking.ts';
import { acknowledge } from '../nag.ts';

export interface RoutesStackProps extends StackProps {
  config: StageConfig;
  /** The routes of one capability group (functions/routes.ts `routeGroups`). */
  routes: readonly RouteSpec[];
  api: apigw.IHttpApi;
  authorizer: HttpJwtAuthorizer;
  /** The URL browsers and the bank use to reach the API (payment pages, links on permits). */
  publicApiUrl: string;
  table: dynamodb.ITableV2;
  tableIndexes: readonly string[];
  documentsBucket: s3.IBucket;
  documentsBucketArnExport: string;
  permitsBucket: s3.IBucket;
  permitsBucketArnExport: string;
  gatewayStoreKey: secretsmanager.ISecret;
  emailIdentity: ses.IEmailIdentity;
  userPool: cognito.IUserPool;
  /** The ranking job (API stack): routes with `needs.rankingRuns` may queue runs for it. */
  ranking: Ranking;
}

/**
 * The functions and routes of one capability group, attached to the shared HTTP API. A CloudFormation
 * stack holds at most 500 resources and each route costs seven (function, role, policy, log group,
 * permission, integration, route), so the routes are spread over one stack per capability group.
 */
export class RoutesStack extends Stack {
  readonly functions = new Map<string, PlatformFunction>();

  constructor(scope: Construct, id: string, props: RoutesStackProps) {
    super(scope, id, props);
    const { config, publicApiUrl } = props;
    const documentsBucket = s3.Bucket.fromBucketAttributes(this, 'DocumentsBucket', {
      bucketArn: Fn.importValue(props.documentsBucketArnExport),
      bucketName: props.documentsBucket.bucketName,
    });
    const permitsBucket = s3.Bucket.fromBucketAttributes(this, 'PermitsBucket', {
      bucketArn: Fn.importValue(props.permitsBucketArnExport),
      bucketName: props.permitsBucket.bucketName,
    });
    const deployed = props.routes.filter((route) => !route.stages || route.stages.includes(config.stage));

    for (const route of deployed) {
      const fn = new PlatformFunction(this, route.operationId, { entry: route.entry, config });
      const needs = route.needs ?? {};
      if (needs.table === 'read') fn.grantTableRead(props.table, props.tableIndexes);
      if (needs.table === 'write') fn.grantTableWrite(props.table, props.tableIndexes);
      if (needs.documents) fn.grantDocuments(documentsBucket, needs.documents);
      if (needs.userPool === 'admin') fn.grantUserPoolAdmin(props.userPool);
      if (needs.userPool === 'staff-admin') fn.grantUserPoolStaffAdmin(props.userPool);
      // Every authenticated route checks the caller's access marker (suspended accounts, revoked sessions).
      if (!isPublic(route)) fn.grantAccessCheck(props.table);
      if (needs.email) fn.grantSendEmail(props.emailIdentity, config.emailDomain);
      if (needs.sms) fn.grantSendSms();
      if (needs.rankingRuns) props.ranking.grantRequestRuns(fn);
      if (needs.kms) fn.grantSignatoryKeys(needs.kms, config.stage);
      if (needs.permits) fn.grantPermits(permitsBucket, needs.permits);
      if (needs.webUrl) fn.fn.addEnvironment('APP_WEB_URL', config.webUrl);
      if (needs.gateway) {
        props.gatewayStoreKey.grantRead(fn.fn);
        fn.fn.addEnvironment('CMI_STORE_KEY_SECRET', props.gatewayStoreKey.secretArn);
        fn.fn.addEnvironment('CMI_CLIENT_ID', config.cmi.clientId);
        fn.fn.addEnvironment('CMI_GATEWAY_URL', config.cmi.gatewayUrl ?? `${publicApiUrl}/simulator/cmi`);
        fn.fn.addEnvironment('PUBLIC_API_URL', publicApiUrl);
      }
      fn.fn.addEnvironment('APP_LOGIN_URL', config.loginUrl);
      this.functions.set(route.operationId, fn);
      // The route is created in this stack (not through api.addRoutes, which would put it in the API's).
      const cfnRoute = new apigw.HttpRoute(this, `${route.operationId}Route`, {
        httpApi: props.api,
        routeKey: apigw.HttpRouteKey.with(route.path, route.method as apigw.HttpMethod),
        integration: new HttpLambdaIntegration(`${route.operationId}Integration`, fn.fn),
        ...(isPublic(route) ? {} : { authorizer: props.authorizer }),
      });
      if (isPublic(route)) {
        acknowledge(cfnRoute, [
          {
            id: 'AwsSolutions-APIG4',
            reason: `${route.method} ${route.path} is public by design (see the route list).`,
          },
        ]);
      }
    }
  }
}
