import { NotFoundError } from '../../common/errors/domain-errors.js';

const MAX_ID = 2_147_483_647;

/** Ids are positive 32-bit integers; anything else names no user (404, where the reference gave 500). */
export function parseUserId(raw: string): number {
  if (!/^\d{1,10}$/.test(raw)) throw new NotFoundError();
  const id = Number(raw);
  if (id < 1 || id > MAX_ID) throw new NotFoundError();
  return id;
}
