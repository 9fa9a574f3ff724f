import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { RateLimits, StageConfig } from '../config.ts';
import { acknowledge } from '../nag.ts';

/** The public look-ups that read and check on every call: a scraper's targets, limited more strictly. */
export const PUBLIC_LOOKUP_PREFIXES = ['/verify', '/tracking', '/stats'] as const;

export interface EdgeStackProps extends StackProps {
  config: StageConfig;
  limits: RateLimits;
  /** The HTTP API's execute-api host name (`<id>.execute-api.<region>.amazonaws.com`). */
  apiDomain: string;
}

/**
 * Per-client limits on the API (AWS stages; docs/security.md, finding 11). An HTTP API cannot carry
 * a WAF web ACL, so the API is served through a CloudFront distribution that does (no caching, every
 * method, the viewer's headers and query passed on), and the web portal calls that one. A CloudFront
 * web ACL must live in us-east-1: this stack is deployed there, and the web portal's distribution
 * takes the same ACL. Per source IP: a ceiling on every API request, a lower one on the public
 * look-ups, and Amazon's IP reputation list; over a limit, 429 until the window passes.
 */
export class EdgeStack extends Stack {
  readonly webAclArn: string;
  readonly apiEdgeUrl: string;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config, limits } = props;
    const visibility = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName: `rukhsa-${config.stage}-edge-${name}`,
      sampledRequestsEnabled: true,
    });
    const tooMany = { block: { customResponse: { responseCode: 429 } } };
    const acl = new wafv2.CfnWebACL(this, 'EdgeFirewall', {
      scope: 'CLOUDFRONT',
      description: `Rukhsa ${config.stage}: per-client rate limits and IP reputation on the API and the portal`,
      defaultAction: { allow: {} },
      visibilityConfig: visibility('all'),
      rules: [
        {
          name: 'public-lookups-per-ip',
          priority: 0,
          action: tooMany,
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: limits.publicLookupsPerIp.limit,
              evaluationWindowSec: limits.publicLookupsPerIp.windowSeconds,
              scopeDownStatement: {
                orStatement: {
                  statements: PUBLIC_LOOKUP_PREFIXES.map((prefix) => ({
                    byteMatchStatement: {
                      fieldToMatch: { uriPath: {} },
                      positionalConstraint: 'STARTS_WITH',
                      searchString: prefix,
                      textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
                    },
                  })),
                },
              },
            },
          },
          visibilityConfig: visibility('public-lookups-per-ip'),
        },
        {
          name: 'requests-per-ip',
          priority: 1,
          action: tooMany,
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: limits.apiPerIp.limit,
              evaluationWindowSec: limits.apiPerIp.windowSeconds,
            },
          },
          visibilityConfig: visibility('requests-per-ip'),
        },
        {
          name: 'aws-ip-reputation',
          priority: 2,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' },
          },
          visibilityConfig: visibility('aws-ip-reputation'),
        },
      ],
    });
    this.webAclArn = acl.attrArn;

    const logs = new s3.Bucket(this, 'EdgeLogsBucket', {
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
        reason: "This is the access-log bucket of the API's edge; logging it into itself would loop.",
      },
    ]);

    const distribution = new cloudfront.Distribution(this, 'ApiDistribution', {
      comment: `Rukhsa HTTP API (${config.stage}) behind the edge firewall`,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      webAclId: acl.attrArn,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'api/',
      defaultBehavior: {
        origin: new origins.HttpOrigin(props.apiDomain, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        // Answers are per caller (tokens, languages): nothing is cached at the edge; the API sets
        // its own Cache-Control for browsers.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        // Everything but Host (the origin answers to its own name): Authorization, Accept-Language,
        // Idempotency-Key, the query string and cookies reach the API as sent.
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
    });
    this.apiEdgeUrl = `https://${distribution.distributionDomainName}`;

    acknowledge(this, [
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'A public service for every Moroccan commune and its citizens abroad: no geographic restriction.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "TLS 1.2_2021 is set; it takes effect with the stage's custom domain certificate. The default *.cloudfront.net certificate cannot be restricted.",
      },
    ]);
    new CfnOutput(this, 'ApiEdgeUrl', { value: this.apiEdgeUrl });
    new CfnOutput(this, 'EdgeFirewallArn', { value: acl.attrArn });
  }
}
