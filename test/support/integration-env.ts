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
  STAGE: 'local',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
});
