import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import { acknowledge } from '../nag.ts';

export interface OpenDataSiteProps {
  config: StageConfig;
  bucket: s3.IBucket;
}

/**
 * The open-data bucket, served publicly read-only on the AWS stages: CloudFront reads the still
 * private bucket through origin access control, accepts only GET and HEAD (any write is refused at
 * the edge), answers cross-origin requests from anywhere (the data is public: tools and notebooks
 * fetch it from browsers), and serves the catalogue's `index.html` at the root. Lives beside the
 * bucket (Stateful stack) so the bucket policy that admits this distribution is in the same stack.
 * The local cloud serves the same bucket on a loopback URL (scripts/local-cloud/open-data-server.ts).
 */
export class OpenDataSite extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: OpenDataSiteProps) {
    super(scope, id);
    // Standard CloudFront logs need ACLs (object writer); nothing else is stored here.
    const logs = new s3.Bucket(this, 'LogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(props.config.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(logs, [
      { id: 'AwsSolutions-S1', reason: 'This is the access-log bucket of the open-data site itself.' },
    ]);
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Rukhsa open data: public CORS read, HSTS, nosniff',
      corsBehavior: {
        accessControlAllowCredentials: false,
        accessControlAllowHeaders: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD'],
        accessControlAllowOrigins: ['*'],
        accessControlMaxAge: Duration.days(1),
        originOverride: true,
      },
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Rukhsa open data (${props.config.stage})`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(props.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        compress: true,
        // Honours each object's Cache-Control (the publisher sets 5 minutes).
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
      },
    });
    acknowledge(this.distribution, [
      { id: 'AwsSolutions-CFR1', reason: 'Open data for everyone: no geographic restriction.' },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'Static public files, read-only (GET/HEAD) and cached at the edge: nothing behind the distribution to protect with a WAF.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "TLS 1.2_2021 is set; it takes effect with the stage's custom domain certificate. The default *.cloudfront.net certificate cannot be restricted.",
      },
    ]);
    new CfnOutput(scope, 'OpenDataUrl', { value: `https://${this.distribution.distributionDomainName}` });
  }
}
