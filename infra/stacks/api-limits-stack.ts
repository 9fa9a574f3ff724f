import { Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import type { RateLimits } from '../config.ts';
import { acknowledge } from '../nag.ts';

export interface ApiLimitsStackProps extends StackProps {
  apiId: string;
  routes: RateLimits['routes'];
}

/**
 * Per-route throttling of the HTTP API's `$default` stage (AWS stages; docs/security.md, finding 11).
 * API Gateway refuses route settings naming a route that does not exist yet, and the routes live in
 * the routes stacks, deployed after the stage: so the settings are applied here, once every routes
 * stack is deployed, by an `UpdateStage` call on each deploy that changes them. Deleting this stack
 * leaves the last settings on the stage.
 */
export class ApiLimitsStack extends Stack {
  constructor(scope: Construct, id: string, props: ApiLimitsStackProps) {
    super(scope, id, props);
    const routeSettings = Object.fromEntries(
      Object.entries(props.routes).map(([routeKey, limit]) => [
        routeKey,
        { ThrottlingRateLimit: limit.rateLimit, ThrottlingBurstLimit: limit.burstLimit },
      ]),
    );
    const apply: cr.AwsSdkCall = {
      service: 'ApiGatewayV2',
      action: 'UpdateStage',
      parameters: { ApiId: props.apiId, StageName: '$default', RouteSettings: routeSettings },
      physicalResourceId: cr.PhysicalResourceId.of(`route-throttles-${props.apiId}`),
    };
    new cr.AwsCustomResource(this, 'RouteThrottles', {
      onCreate: apply,
      onUpdate: apply,
      installLatestAwsSdk: false,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['apigateway:PATCH'],
          resources: [
            `arn:${this.partition}:apigateway:${this.region}::/apis/${props.apiId}/stages/$default`,
          ],
        }),
      ]),
    });

    const deployTime = "CDK's AwsCustomResource function, run by CloudFormation only while deploying";
    acknowledge(this, [
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: `${deployTime}: it writes its logs with the basic execution role.`,
      },
      { id: 'AwsSolutions-L1', reason: `${deployTime}: CDK pins its runtime.` },
      { id: 'Serverless-LambdaLatestVersion', reason: `${deployTime}: CDK pins its runtime.` },
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'Deploy-time custom resource: CloudFormation reports and rolls back its failures.',
      },
      { id: 'Serverless-LambdaDefaultMemorySize', reason: `${deployTime}: one API call, CDK's size.` },
      {
        id: 'Serverless-LambdaTracing',
        reason: 'Deploy-time custom resource, never on a request path: nothing to trace.',
      },
    ]);
  }
}
