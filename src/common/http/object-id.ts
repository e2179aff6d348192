import { NotFoundError } from '../errors/domain-errors.js';
import { MAX_INT32 } from '../validation/form-values.js';

/**
 * Ids in paths are positive 32-bit integers (PostgreSQL `serial`); anything else names no object,
 * so it is a 404 (the reference answered some of these with a 500).
 */
export function parseObjectId(raw: string): number {
  if (!/^\d{1,10}$/.test(raw)) throw new NotFoundError();
  const id = Number(raw);
  if (id < 1 || id > MAX_INT32) throw new NotFoundError();
  return id;
}
