import type { AnnotationLists, FrameRange, Track, TrackedShape } from '../document/annotation-document.js';
import {
  inheritAttributes,
  interpolateTrack,
  sortByFrame,
  type InterpolatedShape,
} from '../tracks/track-interpolation.js';

/**
 * The part of a task document that a job with the given segment stores (spec/annotations.md,
 * section 7). Objects keep the ids they were given; keyframes made up at the segment's edges have
 * a null id. The input is not changed; unchanged tags and shapes are shared with it.
 */
export function sliceForSegment(lists: AnnotationLists, segment: FrameRange): AnnotationLists {
  const inSegment = (object: { frame: number }): boolean =>
    segment.start <= object.frame && object.frame <= segment.stop;

  const tracks: Track[] = [];
  for (const track of lists.tracks) {
    const keyframes = sortByFrame(track.shapes);
    if (!entersSegment(keyframes, segment)) continue;
    const shapes = sliceKeyframes(keyframes, segment);
    if (shapes.length > 0) tracks.push({ ...track, frame: shapes[0].frame, shapes });
  }

  return { tags: lists.tags.filter(inSegment), shapes: lists.shapes.filter(inSegment), tracks };
}

/** Whether the track is visible somewhere in the segment, or may be, having no end. */
function entersSegment(keyframes: readonly TrackedShape[], { start, stop }: FrameRange): boolean {
  for (let k = 0; k + 1 < keyframes.length; k++) {
    const [a, b] = [keyframes[k], keyframes[k + 1]];
    if (!a.outside && Math.min(b.frame, stop) >= Math.max(a.frame, start)) return true;
  }
  const last = keyframes.at(-1);
  return last !== undefined && !last.outside && last.frame <= stop;
}

function sliceKeyframes(keyframes: readonly TrackedShape[], segment: FrameRange): TrackedShape[] {
  const inSegment = (shape: TrackedShape): boolean =>
    segment.start <= shape.frame && shape.frame <= segment.stop;
  if (dropLeadingOutside(keyframes.filter(inSegment)).length === keyframes.length) return [...keyframes];

  // Once earlier keyframes are cut, the kept ones must spell out the values they inherited.
  const inside = inheritAttributes(keyframes).filter(inSegment);

  // Cut keyframes decided the shapes at the segment's edges; pin those down as keyframes of their own.
  const perFrame = dropLeadingOutside(interpolateTrack(keyframes, segment.stop, segment));
  const first = perFrame.at(0);
  const last = perFrame.at(-1);
  const head = first && !first.keyframe ? [asKeyframe(first)] : [];
  const tail = last && !last.keyframe && last !== first ? [asKeyframe(last)] : [];

  // Outside keyframes only lead when nothing visible comes before them: behind a pinned head they
  // still end the object's first appearance in the segment and must stay.
  const body = head.length > 0 ? inside : dropLeadingOutside(inside);
  return [...head, ...body, ...tail];
}

/** Drops outside keyframes before the first visible one, keeping the last if all are outside. */
function dropLeadingOutside<T extends TrackedShape>(shapes: readonly T[]): T[] {
  const firstVisible = shapes.findIndex((shape) => !shape.outside);
  if (firstVisible === -1) return shapes.slice(-1);
  return shapes.slice(firstVisible);
}

function asKeyframe(shape: InterpolatedShape): TrackedShape {
  const { keyframe: _keyframe, ...stored } = shape;
  return stored;
}
