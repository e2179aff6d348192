import type pg from 'pg';

import { PlainMessageError } from '../../common/errors/domain-errors.js';
import type { AnnotationLists } from '../document/annotation-document.js';
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
 * one from its sequence otherwise. The objects are numbered in place, since a save of a hundred
 * thousand objects should not copy them all: pass objects that nothing else holds.
 */
export async function numberObjects(
  client: pg.ClientBase,
  lists: AnnotationLists,
  scope: NumberingScope,
): Promise<AnnotationLists> {
  const renumberAll = scope.policy === 'renumber-all';
  const kept = renumberAll ? undefined : await keptIds(client, scope, givenIds(lists));
  const missing: Record<AnnotationKind, number> = { tag: 0, shape: 0, track: 0, trackedShape: 0 };

  // First pass: every id is kept, refused or cleared, so that nothing is allocated for a refused save.
  const decide = (kind: AnnotationKind, object: { id: number | null }): void => {
    const { id } = object;
    if (id !== null && kept?.[kind].has(id)) return;
    if (id !== null && scope.policy === 'refuse-foreign') {
      throw new PlainMessageError('invalid', `${KIND_NAMES[kind]} id \`${id}\` is not an object of this job`);
    }
    object.id = null;
    missing[kind] += 1;
  };
  for (const tag of lists.tags) decide('tag', tag);
  for (const shape of lists.shapes) decide('shape', shape);
  for (const track of lists.tracks) {
    decide('track', track);
    for (const shape of track.shapes) decide('trackedShape', shape);
  }

  const fresh = {
    tag: await allocateIds(client, 'tag', missing.tag),
    shape: await allocateIds(client, 'shape', missing.shape),
    track: await allocateIds(client, 'track', missing.track),
    trackedShape: await allocateIds(client, 'trackedShape', missing.trackedShape),
  };
  const next = { tag: 0, shape: 0, track: 0, trackedShape: 0 };
  const fill = (kind: AnnotationKind, object: { id: number | null }): void => {
    object.id ??= fresh[kind][next[kind]++];
  };
  for (const tag of lists.tags) fill('tag', tag);
  for (const shape of lists.shapes) fill('shape', shape);
  for (const track of lists.tracks) {
    fill('track', track);
    for (const shape of track.shapes) fill('trackedShape', shape);
  }
  return lists;
}

/** The ids of the tags, shapes and tracks the lists name (not their keyframes). */
export function namedIds(lists: AnnotationLists): Pick<IdsByKind, 'tag' | 'shape' | 'track'> {
  const { tag, shape, track } = givenIds(lists);
  return { tag, shape, track };
}
