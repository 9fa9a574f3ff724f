import { App, Aspects, Tags, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { routeGroups, routes } from '../functions/routes.ts';
import { LOCAL_ACCOUNT, stageConfig } from './config.ts';
import { OperationalAlarms } from './constructs/operations.ts';
import { AwsSolutionsChecks, ServerlessChecks } from './nag.ts';
import { ApiLimitsStack } from './stacks/api-limits-stack.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { EdgeStack } from './stacks/edge-stack.ts';
import { RoutesStack } from './stacks/routes-stack.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { WebStack } from './stacks/web-stack.ts';

export function buildApp(app = new App()) {
  const stage = (app.node.tryGetContext('rukhsa:stage') as string | undefined) ?? 'local';
  const webUrl = app.node.tryGetContext('rukhsa:webUrl') as string | undefined;
  const config = stageConfig(stage, webUrl ? { webUrl } : {});
  const callerAccount = process.env.CDK_DEFAULT_ACCOUNT;
  // The local stage (test clock header, simulator routes, 1-day permit retention, open CORS) is for
  // the emulator only: a `cdk deploy` with real credentials (the CLI sets CDK_DEFAULT_ACCOUNT from
  // them) must not synthesize it. Without credentials nothing can be deployed.
  if (config.isLocal && callerAccount !== undefined && callerAccount !== LOCAL_ACCOUNT) {
    throw new Error(
      `The local stage is only for the local cloud (account ${LOCAL_ACCOUNT}); these credentials are for account ${callerAccount}. Deploy to AWS with -c rukhsa:stage=staging or prod.`,
    );
  }
  const env = { account: callerAccount, region: process.env.CDK_DEFAULT_REGION };
  const prefix = `Rukhsa-${stage}`;

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    env,
    config,
    description: 'Rukhsa data: table, buckets, user pool',
  });
  const table = restoredTable(app, stateful) ?? stateful.table;
  const api = new ApiStack(app, `${prefix}-Api`, {
    env,
    config,
    description: 'Rukhsa HTTP API and functions',
    table,
    tableIndexes: stateful.tableIndexes,
    openDataBucket: stateful.openDataBucket,
    openDataBucketArnExport: stateful.openDataBucketArnExport,
    settlementBucket: stateful.settlementBucket,
    settlementBucketArnExport: stateful.settlementBucketArnExport,
    auditSealKey: stateful.auditSealKey,
    ...(app.node.tryGetContext('rukhsa:localPort')
      ? { localPort: Number(app.node.tryGetContext('rukhsa:localPort')) }
      : {}),
    emailIdentity: stateful.emailIdentity,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
  });
  api.addStackDependency(stateful);
  const routeStacks = Object.entries(routeGroups).map(([group, groupRoutes]) => {
    const stack = new RoutesStack(app, `${prefix}-Routes-${group}`, {
      env,
      config,
      description: `Rukhsa HTTP routes and functions: ${group.toLowerCase()}`,
      routes: groupRoutes,
      api: api.api,
      authorizer: api.authorizer,
      publicApiUrl: api.publicApiUrl,
      table,
      tableIndexes: stateful.tableIndexes,
      secretsTable: stateful.secretsTable,
      documentsBucket: stateful.documentsBucket,
      documentsBucketArnExport: stateful.documentsBucketArnExport,
      permitsBucket: stateful.permitsBucket,
      permitsBucketArnExport: stateful.permitsBucketArnExport,
      openDataBucket: stateful.openDataBucket,
      openDataBucketArnExport: stateful.openDataBucketArnExport,
      gatewayStoreKey: stateful.gatewayStoreKey,
      platformKeyArnExports: stateful.platformKeyArnExports,
      emailIdentity: stateful.emailIdentity,
      userPool: stateful.userPool,
      ranking: api.ranking,
      ...(group === 'Core' ? { unmatched: routes } : {}),
    });
    stack.addStackDependency(api);
    return stack;
  });

  // Per-route throttling once every route exists (AWS stages; the emulator does not throttle).
  const apiLimits = config.rateLimits
    ? new ApiLimitsStack(app, `${prefix}-ApiLimits`, {
        env,
        description: 'Rukhsa HTTP API: per-route throttling of the expensive routes',
        apiId: api.api.apiId,
        routes: config.rateLimits.routes,
      })
    : undefined;
  for (const stack of routeStacks) apiLimits?.addStackDependency(stack);

  // Per-client limits: the API behind CloudFront with a WAF web ACL, which must live in us-east-1
  // (AWS stages). Cross-region references need the stage's region, which `cdk deploy` always knows;
  // an app synthesized without one (some template tests) has no edge.
  const edge =
    config.rateLimits && env.region
      ? new EdgeStack(app, `${prefix}-Edge`, {
          env: { account: env.account, region: 'us-east-1' },
          crossRegionReferences: true,
          config,
          limits: config.rateLimits,
          apiDomain: `${api.api.apiId}.execute-api.${api.region}.${api.urlSuffix}`,
          description: 'Rukhsa edge: the HTTP API behind CloudFront and a WAF web ACL (per-client limits)',
        })
      : undefined;
  edge?.addStackDependency(api);

  // The web portal behind CloudFront on AWS stages; locally `npm start` serves the same build.
  const web = config.isLocal
    ? undefined
    : new WebStack(app, `${prefix}-Web`, {
        env,
        ...(edge ? { crossRegionReferences: true } : {}),
        config,
        description: 'Rukhsa web portal: private bucket behind CloudFront',
        apiUrl: edge?.apiEdgeUrl ?? api.publicApiUrl,
        ...(edge ? { webAclArn: edge.webAclArn } : {}),
        userPool: stateful.userPool,
        userPoolClient: stateful.userPoolClient,
      });
  web?.addStackDependency(api);
  if (edge) web?.addStackDependency(edge);

  // Every function and queue of every stack gets its alarms, wired to the stage's one topic.
  if (api.alarmTopic && config.alarms)
    Aspects.of(app).add(new OperationalAlarms(api.alarmTopic, config.alarms));

  Tags.of(app).add('project', 'rukhsa');
  Tags.of(app).add('stage', stage);
  // cdk-nag on every synth: an unsuppressed finding fails `cdk synth` and the infra tests.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  Validations.of(app).addPlugins(new ServerlessChecks(app, { verbose: true }));
  return { app, stateful, api, routeStacks, apiLimits, edge, web, config };
}

/**
 * After a point-in-time restore (scripts/restore-table.ts) the stage's functions are pointed at the
 * restored table with `-c rukhsa:tableName=<name> -c rukhsa:tableStreamArn=<arn>`: the stateful stack
 * keeps (and retains) the original table; grants, environment and stream consumers follow the
 * restored one. docs/operations.md walks the whole procedure.
 */
function restoredTable(app: App, stateful: StatefulStack): dynamodb.ITableV2 | undefined {
  const tableName = app.node.tryGetContext('rukhsa:tableName') as string | undefined;
  if (!tableName) return undefined;
  const tableStreamArn = app.node.tryGetContext('rukhsa:tableStreamArn') as string | undefined;
  if (!tableStreamArn)
    throw new Error("rukhsa:tableName needs rukhsa:tableStreamArn (the restored table's stream).");
  return dynamodb.TableV2.fromTableAttributes(stateful, 'RestoredTable', { tableName, tableStreamArn });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
