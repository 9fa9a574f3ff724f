import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import { acknowledge } from '../nag.ts';
import { nagName } from '../nag-names.ts';
import { CACHE_IMMUTABLE, CACHE_REVALIDATE, securityHeaders, type WebRuntimeConfig } from '../web-headers.ts';

/** The built site (`npm run web:build`); synthesizing an AWS stage needs it. */
export const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

export interface WebStackProps extends StackProps {
  config: StageConfig;
  /** The HTTP API's base URL (the app calls it with the ID token): its edge distribution's when there is one. */
  apiUrl: string;
  /** The edge's WAF web ACL (us-east-1, EdgeStack): the portal's distribution takes it too. */
  webAclArn?: string;
  userPool: cognito.IUserPool;
  userPoolClient: cognito.IUserPoolClient;
}

/**
 * The web portal on AWS: the built files in a private bucket, served only through CloudFront
 * (origin access control), with the platform's security headers, the SPA's routes answered by the
 * entry page, hashed assets cached for a year and the entry page and `config.json` revalidated.
 * `config.json` is written at deploy from the other stacks' values, so one build serves every stage.
 * The local cloud has no Web stack: `npm start` serves the same files with the same headers
 * (scripts/local-cloud/web-server.ts).
 */
/**
 * The CDK bootstrap's asset bucket as cdk-nag names it: pseudo parameters in an environment-agnostic
 * synth, the real partition, account and region once the CLI knows them (every `cdk deploy`).
 */
function cdkAssetsBucketArn(stack: Stack): string {
  const agnostic = Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region);
  return agnostic
    ? 'arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>'
    : `arn:${stack.partition}:s3:::cdk-hnb659fds-assets-${stack.account}-${stack.region}`;
}

export class WebStack extends Stack {
  readonly distribution: cloudfront.Distribution;
  readonly siteBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { config } = props;
    if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
      throw new Error(
        `The web portal is not built (${WEB_DIST}/index.html): run \`npm run web:build\` first.`,
      );
    }

    // Standard CloudFront logs need ACLs (object writer); nothing else is stored here.
    const logs = new s3.Bucket(this, 'WebLogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(config.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(logs, [
      {
        id: 'AwsSolutions-S1',
        reason: 'This is the access-log bucket of the site; logging it into itself would loop.',
      },
    ]);

    // The site's files are rebuilt on every deploy, but keeping the bucket costs nothing and lets
    // a rollback serve the previous hashed assets.
    this.siteBucket = new s3.Bucket(this, 'SiteBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const cognitoEndpoint = `https://cognito-idp.${this.region}.amazonaws.com`;
    const headers = securityHeaders({
      apiUrl: props.apiUrl,
      cognitoEndpoint,
      // The workspace posts the signed payment form to the bank, and documents straight to S3.
      paymentGatewayUrl: props.config.cmi.gatewayUrl ?? `${props.apiUrl}/simulator/cmi`,
      uploadOrigins: [`https://*.s3.${this.region}.amazonaws.com`],
    });
    const responseHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Rukhsa web portal: CSP without inline scripts, HSTS, no framing, strict referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: headers['Content-Security-Policy'] as string,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: headers['Permissions-Policy'] as string, override: true },
        ],
      },
    });

    // The SPA's routes (no file extension) get the entry page; files are served as they are.
    // Same rule as `isAppRoute` in infra/web-headers.ts, written for the CloudFront JS runtime.
    const spaRoutes = new cloudfront.Function(this, 'SpaRoutes', {
      comment: 'Rukhsa: app routes answer with /index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        [
          'function handler(event) {',
          '  var request = event.request;',
          "  var last = request.uri.split('/').pop();",
          "  if (!/\\.[a-z0-9]+$/i.test(last)) request.uri = '/index.html';",
          '  return request;',
          '}',
        ].join('\n'),
      ),
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Rukhsa web portal (${config.stage})`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        compress: true,
        // Honours each object's Cache-Control (immutable assets, revalidated entry page).
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: responseHeaders,
        functionAssociations: [
          { function: spaRoutes, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
    });

    const runtimeConfig: WebRuntimeConfig = {
      stage: config.stage,
      apiUrl: props.apiUrl,
      region: this.region,
      userPoolId: props.userPool.userPoolId,
      userPoolClientId: props.userPoolClient.userPoolClientId,
    };
    // Hashed assets first (kept across deploys: a page loaded before a deploy still finds its chunks),
    // then the entry page and config, which the distribution is told to drop from its caches.
    const assets = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      sources: [s3deploy.Source.asset(path.join(WEB_DIST, 'assets'))],
      destinationBucket: this.siteBucket,
      destinationKeyPrefix: 'assets/',
      cacheControl: [s3deploy.CacheControl.fromString(CACHE_IMMUTABLE)],
      prune: false,
    });
    const entry = new s3deploy.BucketDeployment(this, 'DeployEntry', {
      sources: [
        s3deploy.Source.asset(WEB_DIST, { exclude: ['assets', 'assets/*', 'config.json'] }),
        s3deploy.Source.jsonData('config.json', runtimeConfig),
      ],
      destinationBucket: this.siteBucket,
      cacheControl: [s3deploy.CacheControl.fromString(CACHE_REVALIDATE)],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json', '/'],
    });
    entry.node.addDependency(assets);

    // cdk-nag on CDK's own deploy-time function (BucketDeployment's singleton) and its role.
    const deployRole =
      "BucketDeployment's CDK-managed role, used only while CloudFormation deploys: it reads the CDK asset bucket, writes the site bucket and invalidates the distribution";
    acknowledge(this, [
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "BucketDeployment's CDK-managed function writes its logs with the basic execution role.",
      },
      ...[
        'Action::s3:GetBucket*',
        'Action::s3:GetObject*',
        'Action::s3:List*',
        'Action::s3:Abort*',
        'Action::s3:DeleteObject*',
        `Resource::${cdkAssetsBucketArn(this)}/*`,
        `Resource::${nagName(this, this.siteBucket.bucketArn)}/*`,
      ].map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason: `${deployRole}.` })),
      {
        id: 'AwsSolutions-L1',
        reason: "BucketDeployment's CDK-managed function pins its own runtime (AWS CLI layer).",
      },
      {
        id: 'Serverless-LambdaLatestVersion',
        reason: "BucketDeployment's CDK-managed function pins its own runtime.",
      },
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'Deploy-time custom resource: CloudFormation reports and rolls back its failures.',
      },
      {
        id: 'Serverless-LambdaTracing',
        reason: 'Deploy-time custom resource, never on a request path: nothing to trace.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `${deployRole}; cloudfront:CreateInvalidation is granted on * by CDK.`,
      },
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'A public service for every Moroccan commune and its citizens abroad: no geographic restriction.',
      },
      ...(props.webAclArn
        ? []
        : [
            {
              id: 'AwsSolutions-CFR2',
              reason:
                'Synthesized without a region (no EdgeStack, which needs one for its us-east-1 web ACL): static files only; `cdk deploy` always has a region, and then the edge firewall is attached.',
            },
          ]),
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "TLS 1.2_2021 is set; it takes effect with the stage's custom domain certificate. The default *.cloudfront.net certificate cannot be restricted.",
      },
    ]);

    new CfnOutput(this, 'WebUrl', { value: `https://${this.distribution.distributionDomainName}` });
    new CfnOutput(this, 'SiteBucketName', { value: this.siteBucket.bucketName });
  }
}
