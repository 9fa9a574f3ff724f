/**
 * Client settings from the environment, shared by every AWS client. On AWS the SDK finds the
 * region and credentials itself; locally AWS_ENDPOINT_URL points every client at the emulator.
 */
export const awsClientConfig = () => ({
  region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
  ...(process.env.AWS_ENDPOINT_URL ? { endpoint: process.env.AWS_ENDPOINT_URL } : {}),
  maxAttempts: 3,
});
