import { DomainError } from '../errors.ts';

/** The application changed between the read and the conditional write (optimistic version). */
export const staleVersion = () =>
  new DomainError({
    kind: 'conflict',
    type: 'version-conflict',
    title: 'Edited by someone else',
    detail: 'The application changed since you read it. Reload it and apply your change again.',
  });
