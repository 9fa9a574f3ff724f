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
import { admitsTotpRoles } from '../../shared/domain/identity/mfa.ts';
import { KEY_SET_OPEN_DATA_KEYS } from '../../shared/domain/signing/pki/key-set-publication.ts';
import { isPublic, methodsByPath, type Needs, type RouteSpec, validates } from '../../shared/http/route.ts';
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
  /** The PIN hashes' table (stateful stack), granted only to routes with `needs.pins`. */
  secretsTable: dynamodb.ITableV2;
  documentsBucket: s3.IBucket;
  documentsBucketArnExport: string;
  permitsBucket: s3.IBucket;
  permitsBucketArnExport: string;
  openDataBucket: s3.IBucket;
  openDataBucketArnExport: string;
  gatewayStoreKey: secretsmanager.ISecret;
  /** Export names of the platform CA and time-stamping key ARNs (stateful stack). */
  platformKeyArnExports: { ca: string; timestamp: string };
  emailIdentity: ses.IEmailIdentity;
  userPool: cognito.IUserPool;
  /** The ranking job (API stack): routes with `needs.rankingRuns` may queue runs for it. */
  ranking: Ranking;
  /**
   * Every route of the API (all groups): given to one stack, which adds the `$default` route that
   * answers what no route matches (405 with `Allow` on a declared path, else 404).
   */
  unmatched?: readonly RouteSpec[];
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
    const { config } = props;
    const documentsBucket = s3.Bucket.fromBucketAttributes(this, 'DocumentsBucket', {
      bucketArn: Fn.importValue(props.documentsBucketArnExport),
      bucketName: props.documentsBucket.bucketName,
    });
    const permitsBucket = s3.Bucket.fromBucketAttributes(this, 'PermitsBucket', {
      bucketArn: Fn.importValue(props.permitsBucketArnExport),
      bucketName: props.permitsBucket.bucketName,
    });
    const openDataBucket = s3.Bucket.fromBucketAttributes(this, 'OpenDataBucket', {
      bucketArn: Fn.importValue(props.openDataBucketArnExport),
      bucketName: props.openDataBucket.bucketName,
    });
    const resources: GrantResources = { ...props, documentsBucket, permitsBucket, openDataBucket };
    const deployed = props.routes.filter((route) => !route.stages || route.stages.includes(config.stage));

    for (const route of deployed) {
      const fn = new PlatformFunction(this, route.operationId, {
        entry: route.entry,
        config,
        reservedConcurrency: config.capacity?.reservedConcurrency[route.operationId],
        pdfEngine: route.renders === 'pdf',
        // httpHandler attaches idempotency, the session check and validation from the spec; these let
        // the bundler drop them where they are off (validation carries zod's French and Arabic messages).
        defines: {
          'process.env.ROUTE_IDEMPOTENCY': JSON.stringify(route.idempotency ? 'on' : 'off'),
          'process.env.ROUTE_PUBLIC': JSON.stringify(isPublic(route) ? 'true' : 'false'),
          'process.env.ROUTE_TOTP': JSON.stringify(checksTotp(route) ? 'on' : 'off'),
          'process.env.ROUTE_VALIDATION': JSON.stringify(validates(route) ? 'on' : 'off'),
          'process.env.ROUTE_TRACE_SDK': JSON.stringify(route.tracing === 'sdk' ? 'on' : 'off'),
        },
      });
      grantNeeds(fn, route, resources);
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
    if (props.unmatched) this.addUnmatchedRoute(props.api, props.unmatched, config);
  }

  /** The `$default` route: no token needed (it reveals only what /openapi.json publishes), no grant. */
  private addUnmatchedRoute(api: apigw.IHttpApi, routes: readonly RouteSpec[], config: StageConfig) {
    const deployed = routes.filter((route) => !route.stages || route.stages.includes(config.stage));
    const fn = new PlatformFunction(this, 'unmatchedRoute', {
      entry: 'functions/platform/unmatched-route.ts',
      config,
      memorySize: 256,
      defines: { 'process.env.ROUTE_METHODS': JSON.stringify(JSON.stringify(methodsByPath(deployed))) },
    });
    this.functions.set('unmatchedRoute', fn);
    const route = new apigw.HttpRoute(this, 'unmatchedRouteRoute', {
      httpApi: api,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('unmatchedRouteIntegration', fn.fn),
    });
    acknowledge(route, [
      {
        id: 'AwsSolutions-APIG4',
        reason: 'The $default route only answers 404/405 for requests no route matches; it reads nothing.',
      },
    ]);
  }
}

/** Whether the route's session check also requires TOTP of ministry administrators and province contacts. */
const checksTotp = (route: RouteSpec): boolean => !isPublic(route) && admitsTotpRoles(route.access);

/** What the grants draw on: the stack's props, with the buckets imported into this stack. */
type GrantResources = RoutesStackProps & {
  documentsBucket: s3.IBucket;
  permitsBucket: s3.IBucket;
  openDataBucket: s3.IBucket;
};

/**
 * Each need a route may declare, mapped to its least-privilege grant (which also sets the
 * environment variables the function reads). Typed over `Needs`, so a new need without a grant does
 * not compile. Applied in this order, which fixes the order of statements in the template.
 */
const GRANTS: {
  [K in keyof Needs]-?: (fn: PlatformFunction, value: NonNullable<Needs[K]>, r: GrantResources) => void;
} = {
  table: (fn, mode, r) =>
    mode === 'read'
      ? fn.grantTableRead(r.table, r.tableIndexes)
      : fn.grantTableWrite(r.table, r.tableIndexes),
  pins: (fn, mode, r) => fn.grantPins(r.secretsTable, mode),
  documents: (fn, mode, r) => fn.grantDocuments(r.documentsBucket, mode),
  userPool: (fn, mode, r) =>
    mode === 'admin'
      ? fn.grantUserPoolAdmin(r.userPool)
      : mode === 'confirm-email'
        ? fn.grantUserPoolConfirmEmail(r.userPool)
        : fn.grantUserPoolStaffAdmin(r.userPool),
  email: (fn, _, r) => fn.grantSendEmail(r.emailIdentity, r.config.emailDomain),
  sms: (fn) => fn.grantSendSms(),
  rankingRuns: (fn, _, r) => r.ranking.grantRequestRuns(fn),
  kms: (fn, mode, r) =>
    fn.grantSignatoryKeys(mode, r.config.stage, {
      ca: Fn.importValue(r.platformKeyArnExports.ca),
      timestamp: Fn.importValue(r.platformKeyArnExports.timestamp),
    }),
  permits: (fn, mode, r) => fn.grantPermits(r.permitsBucket, mode),
  openData: (fn, _, r) => fn.grantOpenDataPublish(r.openDataBucket, KEY_SET_OPEN_DATA_KEYS),
  webUrl: (fn, _, r) => fn.setEnv('APP_WEB_URL', r.config.webUrl),
  sessions: (fn, _, r) => fn.grantSessionRevocation(r.table),
  gateway: (fn, _, r) => {
    r.gatewayStoreKey.grantRead(fn.fn);
    fn.grantMerchantSecrets(r.config.stage);
    fn.setEnv('CMI_STORE_KEY_SECRET', r.gatewayStoreKey.secretArn)
      .setEnv('CMI_CLIENT_ID', r.config.cmi.clientId)
      .setEnv('CMI_GATEWAY_URL', r.config.cmi.gatewayUrl ?? `${r.publicApiUrl}/simulator/cmi`)
      .setEnv('PUBLIC_API_URL', r.publicApiUrl);
  },
};

function grantNeeds(fn: PlatformFunction, route: RouteSpec, resources: GrantResources): void {
  const needs: Needs = route.needs ?? {};
  for (const need of Object.keys(GRANTS) as (keyof Needs)[]) {
    const value = needs[need];
    if (value)
      (GRANTS[need] as (f: PlatformFunction, v: unknown, r: GrantResources) => void)(fn, value, resources);
  }
  // Every authenticated route checks the caller's access marker (suspended accounts, revoked sessions).
  if (!isPublic(route)) fn.grantAccessCheck(resources.table);
  // ...and, where ministry administrators or province contacts may call it, that their account has TOTP.
  if (checksTotp(route)) fn.grantTotpCheck(resources.userPool);
  fn.setEnv('APP_LOGIN_URL', resources.config.loginUrl);
}
