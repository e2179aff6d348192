import type pg from 'pg';

import type { AnnotationLists } from '../document/annotation-document.js';
import { ownedIds } from '../storage/annotation-ids.js';
import { deleteAllObjects, deleteObjectsById, insertObjects } from '../storage/annotation-writer.js';
import { namedIds, numberObjects, type IdPolicy } from './id-numbering.js';

/** What one write did to one job: the objects as saved, and whether any row changed. */
export interface JobEdit {
  readonly lists: AnnotationLists;
  readonly changed: boolean;
}

const objectCount = (lists: AnnotationLists): number =>
  lists.tags.length + lists.shapes.length + lists.tracks.length;

/**
 * The write operations of spec/annotations.md, sections 5 and 6, on one job, inside the caller's
 * transaction. They neither authorise nor count versions: the use cases around them do.
 */
export const jobEdits = {
  /** PUT: every object of the job is replaced by the given ones. */
  async replace(
    client: pg.ClientBase,
    jobId: number,
    lists: AnnotationLists,
    policy: IdPolicy,
  ): Promise<JobEdit> {
    const numbered = await numberObjects(client, lists, { jobId, policy });
    const deleted = await deleteAllObjects(client, [jobId]);
    await insertObjects(client, jobId, numbered);
    return { lists: numbered, changed: deleted || objectCount(numbered) > 0 };
  },

  /** PATCH create: the given objects are added with fresh ids. */
  async create(client: pg.ClientBase, jobId: number, lists: AnnotationLists): Promise<JobEdit> {
    const numbered = await numberObjects(client, lists, { jobId, policy: 'renumber-all' });
    await insertObjects(client, jobId, numbered);
    return { lists: numbered, changed: objectCount(numbered) > 0 };
  },

  /**
   * PATCH update: each given object replaces the stored one with its id, keyframes and attributes
   * included. Keyframe ids are kept only within the tracks being replaced.
   */
  async update(
    client: pg.ClientBase,
    jobId: number,
    lists: AnnotationLists,
    policy: IdPolicy,
  ): Promise<JobEdit> {
    const trackIds = lists.tracks.flatMap((track) => (track.id === null ? [] : [track.id]));
    const replacedTracks = [...(await ownedIds(client, 'track', [jobId], trackIds))];
    const numbered = await numberObjects(client, lists, { jobId, policy, replacedTrackIds: replacedTracks });
    const deleted = await deleteObjectsById(client, [jobId], namedIds(numbered));
    await insertObjects(client, jobId, numbered);
    return { lists: numbered, changed: deleted || objectCount(numbered) > 0 };
  },

  /** PATCH delete: the stored objects with the given ids go; ids of other jobs are ignored. */
  async remove(client: pg.ClientBase, jobIds: readonly number[], lists: AnnotationLists): Promise<boolean> {
    return deleteObjectsById(client, jobIds, namedIds(lists));
  },

  /** DELETE: every object of the jobs goes. */
  async clear(client: pg.ClientBase, jobIds: readonly number[]): Promise<boolean> {
    return deleteAllObjects(client, jobIds);
  },
};
