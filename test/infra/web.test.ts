/**
 * The web portal's stack on an AWS stage: a private bucket reachable only through CloudFront (origin
 * access control), the platform's security headers, the SPA's routes answered by the entry page,
 * hashed assets immutable and the entry page and runtime config revalidated and invalidated.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { CACHE_IMMUTABLE, CACHE_REVALIDATE, isAppRoute } from '../../infra/web-headers.ts';
import { newApp } from '../support/infra.ts';

const { app, web } = buildApp(newApp('prod', mkdtempSync(path.join(tmpdir(), 'rukhsa-web-'))));
app.synth();
if (!web) throw new Error('the prod stage must have a Web stack');
const template = Template.fromStack(web);
const json = JSON.stringify(template.toJSON());

describe('web stack', () => {
  it('keeps the site bucket private and lets only this distribution read it (origin access control)', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    const siteRead = policies
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .find((s: any) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(siteRead.Action).toBe('s3:GetObject');
    expect(JSON.stringify(siteRead.Condition)).toContain('AWS:SourceArn');
    // Nobody else is allowed in: no statement grants a wildcard principal.
    for (const statement of policies.flatMap((p: any) => p.Properties.PolicyDocument.Statement)) {
      if (statement.Principal === '*' || statement.Principal?.AWS === '*')
        expect(statement.Effect).toBe('Deny');
    }
  });

  it('serves HTTPS only, compressed, with a CSP that allows no inline script and no framing', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          Compress: true,
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
    const policy = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0] as any;
    const security = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('https://cognito-idp.');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(security.StrictTransportSecurity).toMatchObject({ IncludeSubdomains: true, Override: true });
    expect(security.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(security.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'strict-origin-when-cross-origin' });
  });

  it('answers every app route with the entry page and serves files as they are, like the local server', () => {
    const fn = Object.values(template.findResources('AWS::CloudFront::Function'))[0] as any;
    const handler = new Function(`${fn.Properties.FunctionCode}; return handler;`)() as (event: {
      request: { uri: string };
    }) => { uri: string };
    for (const uri of [
      '/',
      '/fr/',
      '/ar/verifier/RK-CAS-2026-00042',
      '/verify/RK-1',
      '/connexion',
      '/x.y/z',
    ]) {
      expect(handler({ request: { uri } }).uri, uri).toBe('/index.html');
      expect(isAppRoute(uri), uri).toBe(true);
    }
    for (const uri of ['/assets/index-3f2a.js', '/config.json', '/favicon.svg', '/assets/font.woff2']) {
      expect(handler({ request: { uri } }).uri, uri).toBe(uri);
      expect(isAppRoute(uri), uri).toBe(false);
    }
  });

  it('caches hashed assets for a year and revalidates the entry page and config.json, written at deploy', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment')) as any[];
    expect(deployments).toHaveLength(2);
    const assets = deployments.find((d) => d.Properties.DestinationBucketKeyPrefix === 'assets/');
    const entry = deployments.find((d) => d.Properties.DestinationBucketKeyPrefix === undefined);
    expect(assets.Properties.SystemMetadata['cache-control']).toBe(CACHE_IMMUTABLE);
    expect(entry.Properties.SystemMetadata['cache-control']).toBe(CACHE_REVALIDATE);
    // Old hashed chunks stay for pages loaded before a deploy.
    expect(assets.Properties.Prune).toBe(false);
    expect(entry.Properties.DistributionPaths).toEqual(['/index.html', '/config.json', '/']);
    // config.json carries the stage's API, user pool and client (resolved by CloudFormation).
    const markers = JSON.stringify(entry.Properties.SourceMarkers);
    for (const name of ['HttpApi', 'UserPool', 'UserPoolWebClient', 'AWS::Region'])
      expect(markers).toContain(name);
    expect(json).toContain('config.json');
  });
});
