import type { AttributeValue, FrameRange, ShapeType, TrackedShape } from '../document/annotation-document.js';
import { interpolateCurve } from './curve-interpolation.js';

/** A track's shape on one frame: a keyframe, or a position computed between keyframes. */
export interface InterpolatedShape extends TrackedShape {
  keyframe: boolean;
}

/** Two consecutive keyframes of a track cannot be interpolated into each other. */
export class TrackInterpolationError extends Error {
  override readonly name = 'TrackInterpolationError';
}

/**
 * The per-frame shapes of a track (spec/annotations.md, section 9), in frame order. Keyframes are
 * included with the attributes they inherit from earlier keyframes; computed shapes have a null id.
 * The last keyframe of a rectangle or points track, unless outside, is repeated up to
 * `endFrame - 1`; tracks of other types end at their last keyframe, as in CVAT 1.x, whose exports
 * (the golden files) show a cuboid track stop there while a rectangle track goes on. With a `window`, only
 * frames inside it are computed, so that callers looking at a few frames of a long track stay cheap.
 * Results share attribute lists and unchanged point lists with each other: treat them as read-only.
 */
export function interpolateTrack(
  shapes: readonly TrackedShape[],
  endFrame: number,
  window?: FrameRange,
): InterpolatedShape[] {
  const keyframes = inheritAttributes(sortByFrame(shapes));
  const from = window?.start ?? Number.NEGATIVE_INFINITY;
  const to = window?.stop ?? Number.POSITIVE_INFINITY;
  const result: InterpolatedShape[] = [];

  for (let k = 0; k < keyframes.length; k++) {
    const a = keyframes[k];
    const b = k + 1 < keyframes.length ? keyframes[k + 1] : undefined;
    if (b && a.type !== b.type) {
      throw new TrackInterpolationError(
        `keyframes ${a.frame} (${a.type}) and ${b.frame} (${b.type}) have different types`,
      );
    }

    if (from <= a.frame && a.frame <= to) result.push({ ...a, keyframe: true });
    if (a.outside) continue;

    if (!b && !CONTINUED_AFTER_LAST_KEYFRAME.has(a.type)) continue;
    const last = Math.min(b ? b.frame - 1 : endFrame - 1, to);
    for (let frame = Math.max(a.frame + 1, from); frame <= last; frame++) {
      const points = b ? pointsBetween(a, b, frame) : a.points;
      result.push({ ...a, id: null, frame, outside: false, points, keyframe: false });
    }
  }
  return result;
}

const CONTINUED_AFTER_LAST_KEYFRAME: ReadonlySet<ShapeType> = new Set(['rectangle', 'points']);

/** Keyframes in frame order; the input is left as it is. */
export function sortByFrame<T extends { frame: number }>(shapes: readonly T[]): T[] {
  return [...shapes].sort((p, q) => p.frame - q.frame);
}

/** Copies of the keyframes, each completed with the attribute values of the one before it. */
export function inheritAttributes(keyframes: readonly TrackedShape[]): TrackedShape[] {
  let previous: readonly AttributeValue[] = [];
  return keyframes.map((shape) => {
    const own = new Set(shape.attributes.map((attribute) => attribute.spec_id));
    const inherited = previous.filter((attribute) => !own.has(attribute.spec_id));
    const attributes = inherited.length > 0 ? [...shape.attributes, ...inherited] : shape.attributes;
    previous = attributes;
    return { ...shape, attributes };
  });
}

function pointsBetween(a: TrackedShape, b: TrackedShape, frame: number): number[] {
  if (b.outside) return a.points;
  const offset = frame - a.frame;
  const span = b.frame - a.frame;

  switch (a.type) {
    case 'rectangle':
    case 'cuboid':
      return linear(a.points, b.points, offset, span);
    case 'points':
      return a.points.length === 2 && b.points.length === 2
        ? linear(a.points, b.points, offset, span)
        : a.points;
    case 'polygon':
    case 'polyline':
      return interpolateCurve(a.points, b.points, offset / span, a.type === 'polygon');
  }
}

function linear(from: readonly number[], to: readonly number[], offset: number, span: number): number[] {
  if (from.length !== to.length) return [...from];
  return from.map((value, k) => value + ((to[k] - value) * offset) / span);
}
