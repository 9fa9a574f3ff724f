/** The accounts' access markers, written by the owner ending their sessions. See once.ts. */
import { DynamoSessionRevocations } from '#shared/adapters/dynamodb/access-markers.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { accessTable } from '#shared/http/session.ts';
import { once } from './once.ts';

/** On the session check's table (ACCESS_TABLE, set on every authenticated route). */
export const sessionRevocations = /* @__PURE__ */ once(() => {
  const table = accessTable();
  if (!table) throw new Error('ACCESS_TABLE is not set: cannot end sessions');
  return new DynamoSessionRevocations(documentClient(), table);
});
