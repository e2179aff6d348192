import munkres from 'munkres';
import type { AnnotationLists, FrameRange, Shape, Tag, Track } from '../document/annotation-document.js';
import { shapeSimilarity } from './shape-similarity.js';
import { TrackSimilarity } from './track-similarity.js';

/** One job's objects and the frames its segment covers. */
export interface JobLists {
  readonly segment: FrameRange;
  readonly lists: AnnotationLists;
}

/**
 * How one kind of object is matched across the overlap of two segments (spec/annotations.md,
 * section 8). `similarity` is 0 for objects that can never be the same one.
 */
interface MergeRules<T> {
  /** A pair is united when `1 - similarity` is at most this. */
  readonly costThreshold: number;
  readonly similarity: (candidate: T, old: T) => number;
  /** The object that replaces `old` in the result. */
  readonly unite: (candidate: T, old: T) => T;
  /** Marks the end of an old object that nothing in the next job continues. */
  readonly close: (old: T, endFrame: number) => void;
  /** Old objects are grouped by frame; tracks, which span frames, form one group. */
  readonly groupKey: (object: T) => number;
  /** Whether a result object can still meet the objects of a job starting at `start`. */
  readonly reaches: (object: T, start: number) => boolean;
}

const keepOld = <T>(_candidate: T, old: T): T => old;

const TAG_RULES: MergeRules<Tag> = {
  costThreshold: 0.25,
  similarity: (candidate, old) => (candidate.label_id === old.label_id ? 1 : 0),
  unite: keepOld,
  close: () => undefined,
  groupKey: (tag) => tag.frame,
  reaches: (tag, start) => tag.frame >= start,
};

const SHAPE_RULES: MergeRules<Shape> = {
  costThreshold: 0.25,
  similarity: (candidate, old) => (candidate.label_id === old.label_id ? shapeSimilarity(candidate, old) : 0),
  unite: keepOld,
  close: () => undefined,
  groupKey: (shape) => shape.frame,
  reaches: (shape, start) => shape.frame >= start,
};

function trackRules(similarity: TrackSimilarity): MergeRules<Track> {
  return {
    costThreshold: 0.5,
    similarity: (candidate, old) => similarity.between(candidate, old),
    unite: uniteTracks,
    close: closeTrack,
    groupKey: () => 0,
    reaches: (track, start) => {
      const last = track.shapes.at(-1);
      return last !== undefined && (last.frame >= start || !last.outside);
    },
  };
}

/**
 * The task document made of its jobs' documents, given in segment order: objects that jobs share
 * on overlap frames are united into one, tracks cut at a segment boundary are joined, and tracks
 * that end at a boundary are closed with an outside keyframe. Inputs are not changed.
 */
export function mergeJobs(
  jobs: readonly JobLists[],
  overlap: number,
  onUnite: UniteListener = () => undefined,
): AnnotationLists {
  const result: AnnotationLists = { tags: [], shapes: [], tracks: [] };
  for (const { segment, lists } of jobs) {
    const window = { start: segment.start, stop: segment.start + overlap - 1 };
    const listener = (list: keyof AnnotationLists) => (old: Identified, candidate: Identified) =>
      onUnite(list, old.id, candidate.id);
    mergeInto(result.tags, lists.tags, window, TAG_RULES, listener('tags'));
    mergeInto(result.shapes, lists.shapes, window, SHAPE_RULES, listener('shapes'));
    // Result tracks are changed in place by closing and uniting, so they are copies of the job's.
    const tracks = lists.tracks.map(copyTrack);
    mergeInto(result.tracks, tracks, window, trackRules(new TrackSimilarity(window)), listener('tracks'));
  }
  return result;
}

interface Identified {
  readonly id: number | null;
}

/** Told of every pair of stored objects that the merge shows as one: the old one and the candidate. */
export type UniteListener = (
  list: keyof AnnotationLists,
  oldId: number | null,
  candidateId: number | null,
) => void;

function mergeInto<T extends { frame: number } & Identified>(
  result: T[],
  incoming: readonly T[],
  overlapFrames: FrameRange,
  rules: MergeRules<T>,
  onUnite: (old: T, candidate: T) => void,
): void {
  const start = overlapFrames.start;
  const fresh = incoming.filter((object) => object.frame > overlapFrames.stop);
  const candidates = incoming.filter((object) => object.frame <= overlapFrames.stop);

  const oldGroups = groupBy(
    result.filter((object) => rules.reaches(object, start)),
    rules.groupKey,
  );
  result.push(...fresh);

  if (oldGroups.size === 0 || candidates.length === 0) {
    for (const group of oldGroups.values()) for (const old of group) rules.close(old, overlapFrames.stop + 1);
    result.push(...candidates);
    return;
  }

  for (const [key, group] of groupBy(candidates, rules.groupKey)) {
    const olds = oldGroups.get(key);
    if (olds === undefined) result.push(...group);
    else matchGroup(result, group, olds, overlapFrames.stop + 1, rules, onUnite);
  }
}

function matchGroup<T>(
  result: T[],
  candidates: readonly T[],
  olds: readonly T[],
  end: number,
  rules: MergeRules<T>,
  onUnite: (old: T, candidate: T) => void,
): void {
  const costs = candidates.map((candidate) => olds.map((old) => 1 - rules.similarity(candidate, old)));
  const unitedCandidates = new Set<number>();
  const unitedOlds = new Set<number>();

  for (const [i, j] of munkres(costs)) {
    if (costs[i][j] > rules.costThreshold) continue;
    onUnite(olds[j], candidates[i]);
    const united = rules.unite(candidates[i], olds[j]);
    if (united !== olds[j]) result[result.indexOf(olds[j])] = united;
    unitedCandidates.add(i);
    unitedOlds.add(j);
  }

  candidates.forEach((candidate, i) => {
    if (!unitedCandidates.has(i)) result.push(candidate);
  });
  olds.forEach((old, j) => {
    if (!unitedOlds.has(j)) rules.close(old, end);
  });
}

function groupBy<T>(objects: readonly T[], key: (object: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const object of objects) {
    const k = key(object);
    const group = groups.get(k);
    if (group) group.push(object);
    else groups.set(k, [object]);
  }
  return groups;
}

function copyTrack(track: Track): Track {
  return { ...track, shapes: [...track.shapes] };
}

/** Ends a track that is visible at the boundary with an outside copy of its last keyframe. */
function closeTrack(track: Track, endFrame: number): void {
  const last = track.shapes.at(-1);
  if (last === undefined || last.outside) return;
  track.shapes.push({ ...last, frame: endFrame, outside: true });
}

/**
 * The earlier-starting track keeps its identity and attributes; keyframes are the union of both,
 * the old track's winning on a frame they share.
 */
function uniteTracks(candidate: Track, old: Track): Track {
  const byFrame = new Map(candidate.shapes.map((shape) => [shape.frame, shape]));
  for (const shape of old.shapes) byFrame.set(shape.frame, shape);
  const kept = candidate.frame < old.frame ? candidate : old;
  return {
    ...kept,
    frame: Math.min(candidate.frame, old.frame),
    shapes: [...byFrame.values()].sort((a, b) => a.frame - b.frame),
  };
}
