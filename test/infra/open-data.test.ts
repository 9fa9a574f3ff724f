/**
 * The open-data site on an AWS stage: the open-data bucket stays private, CloudFront reads it through
 * origin access control and accepts only GET and HEAD, with CORS open to any origin. The local stage
 * has no distribution (a loopback server serves the bucket).
 */
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/config.ts';
import { StatefulStack } from '../../infra/stacks/stateful-stack.ts';
import { newApp } from '../support/infra.ts';

const env = { account: '123456789012', region: 'eu-west-3' };
const stateful = (stage: string) =>
  Template.fromStack(
    new StatefulStack(newApp(stage), `Rukhsa-${stage}-Stateful`, { env, config: stageConfig(stage) }),
  );

describe('open-data site', () => {
  const template = stateful('prod');
  const buckets = template.findResources('AWS::S3::Bucket');
  const openDataId = Object.keys(buckets).find((id) => id.startsWith('OpenDataBucket')) as string;

  it('serves the open-data bucket read-only through CloudFront with origin access control', () => {
    const distributions = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    expect(distributions).toHaveLength(1);
    const config = (distributions[0] as any).Properties.DistributionConfig;
    expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultRootObject).toBe('index.html');
    expect(JSON.stringify(config.Origins)).toContain(openDataId);
    expect(config.Origins[0].OriginAccessControlId).toBeDefined();
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });

  it('keeps the bucket private: only this distribution may read, and only GetObject', () => {
    expect(buckets[openDataId]?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p: any) =>
      JSON.stringify(p.Properties.Bucket).includes(openDataId),
    ) as any;
    const statements = policy.Properties.PolicyDocument.Statement as any[];
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(allows[0].Action).toBe('s3:GetObject');
    expect(JSON.stringify(allows[0].Condition)).toContain('AWS:SourceArn');
  });

  it('answers cross-origin reads from anywhere, and nothing else', () => {
    const policies = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const cors = (policies[0] as any).Properties.ResponseHeadersPolicyConfig.CorsConfig;
    expect(cors.AccessControlAllowOrigins.Items).toEqual(['*']);
    expect(cors.AccessControlAllowMethods.Items).toEqual(['GET', 'HEAD']);
    expect(cors.AccessControlAllowCredentials).toBe(false);
    template.hasOutput('OpenDataUrl', {});
  });

  it('has no distribution on the local stage', () => {
    stateful('local').resourceCountIs('AWS::CloudFront::Distribution', 0);
  });
});
