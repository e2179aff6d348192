import type pg from 'pg';

import { ConflictError } from '../../common/errors/domain-errors.js';

/**
 * Counts a write on a job (spec/annotations.md, section 4): every write, even one that changes
 * nothing, makes a new version. The row lock it takes orders concurrent writes to one job. With
 * `expected`, the write is refused when the job is no longer at that version (optimistic
 * concurrency); the refusal rolls the whole transaction back, the count included.
 */
export async function commitVersion(
  client: pg.ClientBase,
  jobId: number,
  expected?: number,
): Promise<number> {
  const result = await client.query<{ version: number }>(
    `INSERT INTO annotation_versions AS v (job_id, version) VALUES ($1, 1)
     ON CONFLICT (job_id) DO UPDATE SET version = v.version + 1
     RETURNING v.version`,
    [jobId],
  );
  const version = result.rows[0].version;
  if (expected !== undefined && expected !== version - 1) throw staleVersion(version - 1);
  return version;
}

/** A task-level write checks the task's version, the highest of its jobs, before counting. */
export function checkTaskVersion(current: number, expected?: number): void {
  if (expected !== undefined && expected !== current) throw staleVersion(current);
}

function staleVersion(current: number): ConflictError {
  return new ConflictError(
    `The annotations have changed since the version the request was based on; the current version is ${current}.`,
    { version: current },
  );
}

/** The versions of the jobs; a job never written is at version 0. */
export async function readVersions(
  client: pg.ClientBase,
  jobIds: readonly number[],
): Promise<Map<number, number>> {
  const versions = new Map<number, number>(jobIds.map((id) => [id, 0]));
  if (jobIds.length === 0) return versions;
  const result = await client.query<{ job_id: number; version: number }>(
    'SELECT job_id, version FROM annotation_versions WHERE job_id = ANY($1::int[])',
    [jobIds],
  );
  for (const row of result.rows) versions.set(row.job_id, row.version);
  return versions;
}

export const highestVersion = (versions: Map<number, number>): number => Math.max(0, ...versions.values());
