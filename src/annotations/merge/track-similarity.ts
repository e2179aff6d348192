import type { FrameRange, Track } from '../document/annotation-document.js';
import {
  interpolateTrack,
  TrackInterpolationError,
  type InterpolatedShape,
} from '../tracks/track-interpolation.js';
import { shapeSimilarity } from './shape-similarity.js';

/**
 * How closely two tracks of one label follow each other over the overlap frames: each frame where
 * only one of them is present, or one is outside and the other not, counts a full error; other
 * frames count one minus the similarity of their shapes. Per-frame shapes are computed once per
 * track, since each track is compared with every track of the other job.
 */
export class TrackSimilarity {
  private readonly perFrame = new WeakMap<Track, Map<number, InterpolatedShape>>();

  constructor(private readonly window: FrameRange) {}

  between(a: Track, b: Track): number {
    if (a.label_id !== b.label_id) return 0;
    const shapesA = this.shapesOf(a);
    const shapesB = this.shapesOf(b);
    if (shapesA === undefined || shapesB === undefined) return 0;

    let counted = 0;
    let error = 0;
    for (let frame = this.window.start; frame <= this.window.stop; frame++) {
      const p = shapesA.get(frame);
      const q = shapesB.get(frame);
      if (p === undefined && q === undefined) continue;
      counted++;
      if (p === undefined || q === undefined || p.outside !== q.outside) error += 1;
      else error += 1 - shapeSimilarity(p, q);
    }
    return counted === 0 ? 0 : 1 - error / counted;
  }

  private shapesOf(track: Track): Map<number, InterpolatedShape> | undefined {
    let shapes = this.perFrame.get(track);
    if (shapes === undefined) {
      try {
        const list = interpolateTrack(track.shapes, this.window.stop + 1, this.window);
        shapes = new Map(list.map((shape) => [shape.frame, shape]));
      } catch (error) {
        // Saves refuse tracks that mix types; one stored before that rule simply matches nothing.
        if (error instanceof TrackInterpolationError) return undefined;
        throw error;
      }
      this.perFrame.set(track, shapes);
    }
    return shapes;
  }
}
