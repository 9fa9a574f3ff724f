import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Principal } from '../../domain/identity/principal.ts';

/** What the middlewares learn about one request and hand to the use case (middy passes only the event on). */
export interface RequestState {
  principal?: Principal;
  input?: { params: unknown; query: unknown; body: unknown };
}

const states = new WeakMap<APIGatewayProxyEventV2, RequestState>();

/** The state of this request, created on first use; it lives as long as the event object. */
export function stateOf(event: APIGatewayProxyEventV2): RequestState {
  let state = states.get(event);
  if (!state) {
    state = {};
    states.set(event, state);
  }
  return state;
}
