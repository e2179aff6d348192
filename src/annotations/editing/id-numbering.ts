import type pg from 'pg';

import { PlainMessageError } from '../../common/errors/domain-errors.js';
import type { AnnotationLists, Track } from '../document/annotation-document.js';
import { allocateIds, ownedIds } from '../storage/annotation-ids.js';
import { KIND_NAMES, noIds, type AnnotationKind, type IdsByKind } from '../storage/annotation-kinds.js';

/**
 * What happens to an id a client gives (spec/annotations.md, section 4). An id is honoured only
 * for an object of the same kind in the same job, the one being replaced; any other given id
 * would let a client take ids the server hands out later.
 * - `refuse-foreign`: a given id that is not the job's answers 400 (job-level PUT and update);
 * - `renumber-foreign`: it gets a fresh id (task-level writes, where one object may be stored in
 *   several jobs);
 * - `renumber-all`: every object gets a fresh id (create).
 */
export type IdPolicy = 'refuse-foreign' | 'renumber-foreign' | 'renumber-all';

export interface NumberingScope {
  readonly jobId: number;
  readonly policy: IdPolicy;
  /**
   * Keyframe ids may be kept only within the tracks being replaced. Undefined means every track
   * of the job (a full replacement).
   */
  readonly replacedTrackIds?: readonly number[];
}

function givenIds(lists: AnnotationLists): IdsByKind {
  const ids = noIds();
  const add = (kind: AnnotationKind, id: number | null): void => {
    if (id !== null) ids[kind].push(id);
  };
  for (const tag of lists.tags) add('tag', tag.id);
  for (const shape of lists.shapes) add('shape', shape.id);
  for (const track of lists.tracks) {
    add('track', track.id);
    for (const shape of track.shapes) add('trackedShape', shape.id);
  }
  return ids;
}

async function keptIds(client: pg.ClientBase, scope: NumberingScope, given: IdsByKind) {
  const jobs = [scope.jobId];
  return {
    tag: await ownedIds(client, 'tag', jobs, given.tag),
    shape: await ownedIds(client, 'shape', jobs, given.shape),
    track: await ownedIds(client, 'track', jobs, given.track),
    trackedShape: await ownedIds(client, 'trackedShape', jobs, given.trackedShape, scope.replacedTrackIds),
  };
}

/**
 * Gives every object of the lists its stored id: the given one where the policy keeps it, a fresh
 * one from its sequence otherwise. Returns new lists; the input is not changed.
 */
export async function numberObjects(
  client: pg.ClientBase,
  lists: AnnotationLists,
  scope: NumberingScope,
): Promise<AnnotationLists> {
  const renumberAll = scope.policy === 'renumber-all';
  const kept = renumberAll ? undefined : await keptIds(client, scope, givenIds(lists));
  const missing: Record<AnnotationKind, number> = { tag: 0, shape: 0, track: 0, trackedShape: 0 };

  const decide = (kind: AnnotationKind, id: number | null): number | null => {
    if (id !== null && kept?.[kind].has(id)) return id;
    if (id !== null && scope.policy === 'refuse-foreign') {
      throw new PlainMessageError('invalid', `${KIND_NAMES[kind]} id \`${id}\` is not an object of this job`);
    }
    missing[kind] += 1;
    return null;
  };
  const decided: AnnotationLists = {
    tags: lists.tags.map((tag) => ({ ...tag, id: decide('tag', tag.id) })),
    shapes: lists.shapes.map((shape) => ({ ...shape, id: decide('shape', shape.id) })),
    tracks: lists.tracks.map((track): Track => ({
      ...track,
      id: decide('track', track.id),
      shapes: track.shapes.map((shape) => ({ ...shape, id: decide('trackedShape', shape.id) })),
    })),
  };

  const fresh = {
    tag: await allocateIds(client, 'tag', missing.tag),
    shape: await allocateIds(client, 'shape', missing.shape),
    track: await allocateIds(client, 'track', missing.track),
    trackedShape: await allocateIds(client, 'trackedShape', missing.trackedShape),
  };
  const next = { tag: 0, shape: 0, track: 0, trackedShape: 0 };
  const fill = (kind: AnnotationKind, id: number | null): number => id ?? fresh[kind][next[kind]++]!;
  for (const tag of decided.tags) tag.id = fill('tag', tag.id);
  for (const shape of decided.shapes) shape.id = fill('shape', shape.id);
  for (const track of decided.tracks) {
    track.id = fill('track', track.id);
    for (const shape of track.shapes) shape.id = fill('trackedShape', shape.id);
  }
  return decided;
}

/** The ids of the tags, shapes and tracks the lists name (not their keyframes). */
export function namedIds(lists: AnnotationLists): Pick<IdsByKind, 'tag' | 'shape' | 'track'> {
  const { tag, shape, track } = givenIds(lists);
  return { tag, shape, track };
}
