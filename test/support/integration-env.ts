/**
 * Runs before each integration test file is imported: points the handlers' module-scope SDK
 * clients at the test emulator, as the function construct's environment does on AWS.
 */
import { testCloud } from './cloud.ts';

const cloud = testCloud();
Object.assign(process.env, {
  AWS_ENDPOINT_URL: cloud.endpoint,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: cloud.outputs.region,
  TABLE_NAME: cloud.outputs.tableName,
  SECRETS_TABLE: cloud.outputs.secretsTableName,
  DOCUMENTS_BUCKET: cloud.outputs.documentsBucket,
  PERMITS_BUCKET: cloud.outputs.permitsBucket,
  OPEN_DATA_BUCKET: cloud.outputs.openDataBucket,
  SETTLEMENT_BUCKET: cloud.outputs.settlementBucket,
  USER_POOL_ID: cloud.outputs.userPoolId,
  EMAIL_FROM: 'Rukhsa <no-reply@local.rukhsa.ma>',
  APP_LOGIN_URL: `${cloud.outputs.webUrl}/connexion`,
  APP_WEB_URL: cloud.outputs.webUrl,
  S3_FORCE_PATH_STYLE: 'true',
  CLOCK_OVERRIDE_ALLOWED: 'true',
  CMI_STORE_KEY_SECRET: cloud.outputs.gatewaySecretArn,
  CMI_CLIENT_ID: '600000000',
  MERCHANT_SECRET_PREFIX: 'rukhsa/local/merchant/',
  PUBLIC_API_URL: cloud.outputs.apiUrl,
  CMI_GATEWAY_URL: `${cloud.outputs.apiUrl}/simulator/cmi`,
  PKI_CA_KEY_ID: cloud.outputs.caKeyArn,
  PKI_TIMESTAMP_KEY_ID: cloud.outputs.timestampKeyArn,
  STAGE: 'local',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  // Handlers called in-process would print their metric lines into the test output.
  POWERTOOLS_METRICS_DISABLED: 'true',
});
