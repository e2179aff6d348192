import { NotFoundError } from '../../common/errors/domain-errors.js';

/** The largest id a PostgreSQL `serial` column holds. */
export const MAX_OBJECT_ID = 2_147_483_647;

/** Ids in paths are positive 32-bit integers; anything else names no object. */
export function parseObjectId(raw: string): number {
  if (!/^\d{1,10}$/.test(raw)) throw new NotFoundError();
  const id = Number(raw);
  if (id < 1 || id > MAX_OBJECT_ID) throw new NotFoundError();
  return id;
}
