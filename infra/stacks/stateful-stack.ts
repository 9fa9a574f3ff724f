import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { ROLES } from '../../shared/domain/identity/principal.ts';
import type { RateLimits, StageConfig } from '../config.ts';
import { OpenDataSite } from '../constructs/open-data-site.ts';
import { acknowledge } from '../nag.ts';

/** The user-pool calls that try a password or a code: WAF limits them per IP more strictly. */
export const PASSWORD_TRYING_OPERATIONS = [
  'InitiateAuth',
  'RespondToAuthChallenge',
  'ForgotPassword',
  'ConfirmForgotPassword',
] as const;

export interface StatefulStackProps extends StackProps {
  config: StageConfig;
}

/**
 * Everything that holds data: the single table, the buckets and the user pool. It changes rarely,
 * is deployed before the API, and RETAINs its resources so deleting a stack never deletes records.
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly tableIndexes = ['gsi1', 'gsi2'] as const;
  /**
   * What each index carries besides keys: gsi1, `status` (a professional's or applicant's files
   * filtered by status) and `profession` (the public figures count verified professionals from the
   * index alone); gsi2, `status` and `procedureCode` (the desk worklist's filters).
   */
  static readonly indexProjections = {
    gsi1: ['status', 'profession'],
    gsi2: ['status', 'procedureCode'],
  } as const;
  /**
   * Secrets the platform keeps (the signing keys' PIN hashes), apart from the platform table: only
   * the functions whose route declares `needs.pins` are granted it, it has no index to copy them
   * into and no stream to hand them to the table's consumers (issue 17, finding 3).
   */
  readonly secretsTable: dynamodb.TableV2;
  readonly documentsBucket: s3.Bucket;
  readonly permitsBucket: s3.Bucket;
  readonly openDataBucket: s3.Bucket;
  /** The acquirer's daily settlement files, dropped under incoming/<BENEFICIARY>/ (docs/payment.md). */
  readonly settlementBucket: s3.Bucket;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly emailIdentity: ses.EmailIdentity;
  readonly documentsBucketArnExport: string;
  readonly permitsBucketArnExport: string;
  readonly openDataBucketArnExport: string;
  readonly settlementBucketArnExport: string;
  readonly gatewayStoreKey: secretsmanager.Secret;
  /** The platform seal key: signs the daily Merkle roots of the audit trail (docs/audit.md). */
  readonly auditSealKey: kms.Key;
  /** Named exports of the platform CA and time-stamping KMS key ARNs (grants import them). */
  readonly platformKeyArnExports: { ca: string; timestamp: string };

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(config.capacity?.table),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: 'expiresAt',
      // The indexes find items; the table holds them. Each projects its keys (and the table's) plus
      // only the attributes its queries filter on or read alone; the repositories read the matches
      // whole from the table (`baseItems`, shared/adapters/dynamodb/query-all.ts). Every query per
      // index: docs/data-model.md#what-the-indexes-project (issue 17, finding 3).
      globalSecondaryIndexes: [
        {
          indexName: 'gsi1',
          partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.INCLUDE,
          nonKeyAttributes: [...StatefulStack.indexProjections.gsi1],
        },
        {
          indexName: 'gsi2',
          partitionKey: { name: 'gsi2pk', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'gsi2sk', type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.INCLUDE,
          nonKeyAttributes: [...StatefulStack.indexProjections.gsi2],
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.secretsTable = new dynamodb.TableV2(this, 'SecretsTable', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const accessLogs = new s3.Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(accessLogs, [
      {
        id: 'AwsSolutions-S1',
        reason: 'This is the access-log bucket itself; logging it into itself would loop.',
      },
    ]);

    const privateBucket = (id: string, extra: Partial<s3.BucketProps> = {}) =>
      new s3.Bucket(this, id, {
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        versioned: true,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: `${id}/`,
        removalPolicy: RemovalPolicy.RETAIN,
        ...extra,
      });

    // Plans and documents uploaded by professionals (presigned, per application); every version kept.
    this.documentsBucket = privateBucket('DocumentsBucket', {
      cors: [
        {
          allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.POST, s3.HttpMethods.GET],
          allowedOrigins: config.corsOrigins,
          allowedHeaders: ['*'],
          maxAge: 3600,
        },
      ],
    });
    // Signed permits: write-once. COMPLIANCE mode means not even an administrator can delete or overwrite them.
    this.permitsBucket = privateBucket('PermitsBucket', {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(
        Duration.days(config.permitRetentionDays),
      ),
    });
    // Open data (rankings and their inputs, decisions, permits, keys, audit anchors, the catalogue):
    // private, served read-only through CloudFront on the AWS stages, a loopback server locally.
    this.openDataBucket = privateBucket('OpenDataBucket');
    // The bank's settlement files: financial records, kept (versioned, retained) like the others.
    this.settlementBucket = privateBucket('SettlementBucket');
    if (!config.isLocal) new OpenDataSite(this, 'OpenDataSite', { config, bucket: this.openDataBucket });

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        givenName: { required: false, mutable: true },
        familyName: { required: false, mutable: true },
        phoneNumber: { required: false, mutable: true },
      },
      // Scope of civil servants; written only by administrators (see the client's writeAttributes).
      customAttributes: {
        commune: new cognito.StringAttribute({ mutable: true, maxLen: 64 }),
        province: new cognito.StringAttribute({ mutable: true, maxLen: 16 }),
        agency: new cognito.StringAttribute({ mutable: true, maxLen: 64 }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: !config.isLocal,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Rukhsa role ${role}`,
      });
    }
    this.userPoolClient = this.userPool.addClient('WebClient', {
      // SRP only: the password never leaves the browser (web/src/auth/srp.ts); tests and tools sign
      // in the same way (scripts/local-cloud/srp-sign-in.ts). No hosted UI, so no OAuth flows or
      // callback URLs (CDK's default would add the code and implicit grants and https://example.com).
      authFlows: { userSrp: true },
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      enableTokenRevocation: true,
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({
          email: true,
          givenName: true,
          familyName: true,
          phoneNumber: true,
          // The person's language (fr|ar) as the ID token's `locale` claim: the API answers in it
          // when a request names no language, without reading the profile (docs/errors.md).
          locale: true,
        })
        .withCustomAttributes('commune', 'province', 'agency'),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({
        givenName: true,
        familyName: true,
        locale: true,
      }),
    });
    acknowledge(this.userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason:
          'TOTP MFA is offered to every user; making it mandatory for civil servants is part of the rollout issue.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection needs the Cognito Plus plan; the ministry decides on it per stage (not on the local cloud).',
      },
    ]);

    if (config.rateLimits) this.signInFirewall(config.stage, config.rateLimits);

    // The sender identity: on AWS, publish the DKIM records it lists (or pass a Route 53 zone) to verify it.
    this.emailIdentity = new ses.EmailIdentity(this, 'EmailIdentity', {
      identity: ses.Identity.domain(config.emailDomain),
    });

    // The CMI store key: generated here so every stage has one; on AWS the operator replaces it with
    // the key the bank issued (the functions cache it five minutes, so no deploy is needed).
    this.gatewayStoreKey = new secretsmanager.Secret(this, 'GatewayStoreKey', {
      description: 'CMI 3D_PAY_HOSTING store key (hash secret shared with the bank)',
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.gatewayStoreKey, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'The store key is issued and rotated by the bank (CMI back office), not by a Lambda rotation.',
      },
    ]);

    // The platform seal key. Its private half never leaves KMS; kms:Sign is granted to the audit seal
    // job's role only (proven on the template). No rotation: an asymmetric KMS key cannot rotate, and
    // a new key would be a new published key id; the old one stays to verify the days it sealed.
    this.auditSealKey = new kms.Key(this, 'AuditSealKey', {
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      description: `Rukhsa ${config.stage} audit seal: signs the daily Merkle roots of application events`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Tags.of(this.auditSealKey).add('purpose', 'audit-seal');
    Tags.of(this.auditSealKey).add('stage', config.stage);

    new CfnOutput(this, 'AuditSealKeyId', { value: this.auditSealKey.keyId });
    // The platform PKI: the certification authority that certifies every signatory key, and the
    // time-stamping authority that proves when a permit was signed. One P-256 KMS key each; only
    // the key-issuing function may sign with the first, only the permit signer with the second.
    const platformKey = (id: string, purpose: string, description: string) => {
      const key = new kms.Key(this, id, {
        keySpec: kms.KeySpec.ECC_NIST_P256,
        keyUsage: kms.KeyUsage.SIGN_VERIFY,
        description,
        alias: `alias/rukhsa/${config.stage}/platform/${purpose}`,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Tags.of(key).add('purpose', purpose);
      return key;
    };
    const caKey = platformKey(
      'CertificationAuthorityKey',
      'certification-authority',
      'Rukhsa platform CA: signs the certificates of signatory keys and of the time-stamping authority',
    );
    const timestampKey = platformKey(
      'TimestampAuthorityKey',
      'timestamping',
      'Rukhsa time-stamping authority: countersigns permit signatures with the signing time (RFC 3161)',
    );
    this.platformKeyArnExports = {
      ca: `Rukhsa-${config.stage}-CertificationAuthorityKeyArn`,
      timestamp: `Rukhsa-${config.stage}-TimestampAuthorityKeyArn`,
    };
    new CfnOutput(this, 'CertificationAuthorityKeyArn', {
      value: caKey.keyArn,
      exportName: this.platformKeyArnExports.ca,
    });
    new CfnOutput(this, 'TimestampAuthorityKeyArn', {
      value: timestampKey.keyArn,
      exportName: this.platformKeyArnExports.timestamp,
    });

    new CfnOutput(this, 'GatewayStoreKeySecretArn', { value: this.gatewayStoreKey.secretArn });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'SecretsTableName', { value: this.secretsTable.tableName });
    new CfnOutput(this, 'DocumentsBucketName', { value: this.documentsBucket.bucketName });
    // Named export: IAM grants on key prefixes import it, so their cdk-nag acknowledgements can quote it.
    this.documentsBucketArnExport = `Rukhsa-${config.stage}-DocumentsBucketArn`;
    new CfnOutput(this, 'DocumentsBucketArn', {
      value: this.documentsBucket.bucketArn,
      exportName: this.documentsBucketArnExport,
    });
    new CfnOutput(this, 'PermitsBucketName', { value: this.permitsBucket.bucketName });
    this.permitsBucketArnExport = `Rukhsa-${config.stage}-PermitsBucketArn`;
    new CfnOutput(this, 'PermitsBucketArn', {
      value: this.permitsBucket.bucketArn,
      exportName: this.permitsBucketArnExport,
    });
    new CfnOutput(this, 'OpenDataBucketName', { value: this.openDataBucket.bucketName });
    this.openDataBucketArnExport = `Rukhsa-${config.stage}-OpenDataBucketArn`;
    new CfnOutput(this, 'OpenDataBucketArn', {
      value: this.openDataBucket.bucketArn,
      exportName: this.openDataBucketArnExport,
    });
    new CfnOutput(this, 'SettlementBucketName', { value: this.settlementBucket.bucketName });
    this.settlementBucketArnExport = `Rukhsa-${config.stage}-SettlementBucketArn`;
    new CfnOutput(this, 'SettlementBucketArn', {
      value: this.settlementBucket.bucketArn,
      exportName: this.settlementBucketArnExport,
    });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'Region', { value: this.region });
  }

  /**
   * A WAF web ACL on the user pool (AWS stages): sign-in, password reset and token calls are the
   * public endpoints a credential-stuffing run hammers. Per source IP, a ceiling on all requests (a
   * commune office behind one NAT signs in far fewer), a lower one on the calls that try a password
   * or a code, and Amazon's IP reputation list; the limits are stage data (`rateLimits`).
   * An HTTP API cannot carry a web ACL (WAF attaches to REST APIs, CloudFront, ALB, AppSync, Cognito):
   * the API's own limits are in docs/security.md (finding 11).
   */
  private signInFirewall(stage: string, limits: RateLimits): void {
    const visibility = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName: `rukhsa-${stage}-${name}`,
      sampledRequestsEnabled: true,
    });
    const acl = new wafv2.CfnWebACL(this, 'SignInFirewall', {
      scope: 'REGIONAL',
      description: `Rukhsa ${stage}: rate limits and IP reputation on the user pool public endpoints`,
      defaultAction: { allow: {} },
      visibilityConfig: visibility('sign-in'),
      rules: [
        {
          name: 'sign-in-rate-per-ip',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: limits.userPoolPerIp.limit,
              evaluationWindowSec: limits.userPoolPerIp.windowSeconds,
            },
          },
          visibilityConfig: visibility('sign-in-rate-per-ip'),
        },
        {
          // Stricter on the calls that try a password or a code: the Cognito API names its
          // operation in the X-Amz-Target header (AWSCognitoIdentityProviderService.<Operation>).
          name: 'password-tries-per-ip',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: limits.signInPerIp.limit,
              evaluationWindowSec: limits.signInPerIp.windowSeconds,
              scopeDownStatement: {
                orStatement: {
                  statements: PASSWORD_TRYING_OPERATIONS.map((operation) => ({
                    byteMatchStatement: {
                      fieldToMatch: { singleHeader: { Name: 'x-amz-target' } },
                      positionalConstraint: 'EXACTLY',
                      searchString: `AWSCognitoIdentityProviderService.${operation}`,
                      textTransformations: [{ priority: 0, type: 'NONE' }],
                    },
                  })),
                },
              },
            },
          },
          visibilityConfig: visibility('password-tries-per-ip'),
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
    new wafv2.CfnWebACLAssociation(this, 'SignInFirewallAssociation', {
      resourceArn: this.userPool.userPoolArn,
      webAclArn: acl.attrArn,
    });
  }
}
