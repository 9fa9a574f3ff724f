import { App, Tags, Validations } from 'aws-cdk-lib';
import { routeGroups } from '../functions/routes.ts';
import { LOCAL_ACCOUNT, stageConfig } from './config.ts';
import { AwsSolutionsChecks, ServerlessChecks } from './nag.ts';
import { ApiStack } from './stacks/api-stack.ts';
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
  const api = new ApiStack(app, `${prefix}-Api`, {
    env,
    config,
    description: 'Rukhsa HTTP API and functions',
    table: stateful.table,
    tableIndexes: stateful.tableIndexes,
    openDataBucket: stateful.openDataBucket,
    openDataBucketArnExport: stateful.openDataBucketArnExport,
    auditSealKey: stateful.auditSealKey,
    ...(app.node.tryGetContext('rukhsa:localPort')
      ? { localPort: Number(app.node.tryGetContext('rukhsa:localPort')) }
      : {}),
    emailIdentity: stateful.emailIdentity,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
  });
  api.addStackDependency(stateful);
  const routeStacks = Object.entries(routeGroups).map(([group, routes]) => {
    const stack = new RoutesStack(app, `${prefix}-Routes-${group}`, {
      env,
      config,
      description: `Rukhsa HTTP routes and functions: ${group.toLowerCase()}`,
      routes,
      api: api.api,
      authorizer: api.authorizer,
      publicApiUrl: api.publicApiUrl,
      table: stateful.table,
      tableIndexes: stateful.tableIndexes,
      documentsBucket: stateful.documentsBucket,
      documentsBucketArnExport: stateful.documentsBucketArnExport,
      permitsBucket: stateful.permitsBucket,
      permitsBucketArnExport: stateful.permitsBucketArnExport,
      gatewayStoreKey: stateful.gatewayStoreKey,
      platformKeyArnExports: stateful.platformKeyArnExports,
      emailIdentity: stateful.emailIdentity,
      userPool: stateful.userPool,
      ranking: api.ranking,
    });
    stack.addStackDependency(api);
    return stack;
  });

  // The web portal behind CloudFront on AWS stages; locally `npm start` serves the same build.
  const web = config.isLocal
    ? undefined
    : new WebStack(app, `${prefix}-Web`, {
        env,
        config,
        description: 'Rukhsa web portal: private bucket behind CloudFront',
        apiUrl: api.publicApiUrl,
        userPool: stateful.userPool,
        userPoolClient: stateful.userPoolClient,
      });
  web?.addStackDependency(api);

  Tags.of(app).add('project', 'rukhsa');
  Tags.of(app).add('stage', stage);
  // cdk-nag on every synth: an unsuppressed finding fails `cdk synth` and the infra tests.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  Validations.of(app).addPlugins(new ServerlessChecks(app, { verbose: true }));
  return { app, stateful, api, routeStacks, web, config };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
