import type { EntityManager } from 'typeorm';

import { RequestRejectedError } from '../../common/errors/domain-errors.js';

/** Namespace of the advisory locks that serialise task creation per owner. */
const TASK_LIMIT_LOCKS = 4_221_020;

export const TASK_LIMIT_MESSAGE = 'The user has the maximum number of tasks';

/**
 * Refuses a task when one of the users already owns `limit` tasks. The counted owners are locked
 * until the transaction ends, so two concurrent creations cannot both take the last place.
 */
export async function assertBelowTaskLimit(
  manager: EntityManager,
  limit: number,
  ownerIds: readonly number[],
): Promise<void> {
  const owners = [...new Set(ownerIds)].sort((a, b) => a - b);
  for (const owner of owners) {
    await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [TASK_LIMIT_LOCKS, owner]);
  }
  const rows = await manager.query<Array<{ count: number }>>(
    'SELECT count(*)::int AS count FROM tasks WHERE owner_id = ANY($1::int[]) GROUP BY owner_id',
    [owners],
  );
  if (rows.some((row) => row.count >= limit)) throw new RequestRejectedError([TASK_LIMIT_MESSAGE]);
}
