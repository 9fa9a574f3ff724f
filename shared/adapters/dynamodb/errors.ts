/** True when a transaction or conditional write failed on its condition (not on throttling or a bug). */
export const isConditionFailure = (error: unknown): boolean => {
  const name = (error as { name?: string })?.name;
  return name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException';
};

/** Reasons per transaction item, e.g. ['None', 'ConditionalCheckFailed']. */
export const cancellationReasons = (error: unknown): string[] =>
  ((error as { CancellationReasons?: { Code?: string }[] })?.CancellationReasons ?? []).map(
    (r) => r.Code ?? 'None',
  );
