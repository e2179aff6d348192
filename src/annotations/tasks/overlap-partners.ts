import type pg from 'pg';

import type { JobSegment } from '../context/annotation-context.reader.js';
import type { AnnotationContext } from '../document/annotation-document.js';
import type { JobLists } from '../merge/job-merge.js';
import { mergeJobs } from '../merge/job-merge.js';
import { MergePartners, type NamedIds } from '../merge/merge-partners.js';
import { sharedFrameRanges } from '../merge/shared-frames.js';
import { readJobLists } from '../storage/annotation-reader.js';

/**
 * The stored copies, in other jobs, of the objects a task-level update or delete names: the objects
 * that the task read unites with them on overlap frames. Without overlap nothing is ever united.
 */
export async function storedPartners(
  client: pg.ClientBase,
  jobs: readonly JobSegment[],
  overlap: number,
  context: AnnotationContext,
  named: NamedIds,
): Promise<NamedIds> {
  const none = { tag: [], shape: [], track: [] };
  if (overlap === 0 || jobs.length < 2) return none;
  if (named.tag.length + named.shape.length + named.track.length === 0) return none;

  // Tags and shapes on frames of a single job are never united, so only shared frames are read.
  const shared = { ranges: sharedFrameRanges(jobs.map((job) => job.segment)), keep: 'inside' } as const;
  const perJob: JobLists[] = [];
  for (const job of jobs) {
    perJob.push({ segment: job.segment, lists: await readJobLists(client, job.jobId, context, shared) });
  }
  const partners = new MergePartners();
  mergeJobs(perJob, overlap, partners.listener);
  return partners.partnersOf(named);
}
