import polygonClipping, { type Polygon } from 'polygon-clipping';
import type { ShapeGeometry } from '../document/annotation-document.js';

/**
 * How much two shapes on one frame cover the same area: intersection over union for rectangles
 * and polygons of one type, 0 for anything else (there is no agreed measure for lines or points).
 */
export function shapeSimilarity(a: ShapeGeometry, b: ShapeGeometry): number {
  if (a.type !== b.type) return 0;
  if (a.type === 'rectangle') return boxIoU(a.points, b.points);
  if (a.type === 'polygon') return polygonIoU(a.points, b.points);
  return 0;
}

function boxIoU(p: readonly number[], q: readonly number[]): number {
  const [px1, px2] = ordered(p[0], p[2]);
  const [py1, py2] = ordered(p[1], p[3]);
  const [qx1, qx2] = ordered(q[0], q[2]);
  const [qy1, qy2] = ordered(q[1], q[3]);
  const width = Math.min(px2, qx2) - Math.max(px1, qx1);
  const height = Math.min(py2, qy2) - Math.max(py1, qy1);
  const intersection = width > 0 && height > 0 ? width * height : 0;
  return ratio(intersection, (px2 - px1) * (py2 - py1), (qx2 - qx1) * (qy2 - qy1));
}

function ordered(u: number, v: number): [number, number] {
  return u <= v ? [u, v] : [v, u];
}

function polygonIoU(p: readonly number[], q: readonly number[]): number {
  const a = toPolygon(p);
  const b = toPolygon(q);
  try {
    return ratio(multiArea(polygonClipping.intersection(a, b)), multiArea([a]), multiArea([b]));
  } catch {
    // A ring the clipper cannot make sense of (degenerate or badly self-intersecting) matches nothing.
    return 0;
  }
}

/** Intersection over union, 0 when either area is empty (nothing to compare). */
function ratio(intersection: number, area1: number, area2: number): number {
  if (area1 <= 0 || area2 <= 0) return 0;
  return intersection / (area1 + area2 - intersection);
}

function toPolygon(points: readonly number[]): Polygon {
  const ring: [number, number][] = [];
  for (let k = 0; k + 1 < points.length; k += 2) ring.push([points[k], points[k + 1]]);
  return [ring];
}

/** Area of polygons with holes, by the shoelace formula on each ring. */
function multiArea(polygons: readonly Polygon[]): number {
  let total = 0;
  for (const [outer, ...holes] of polygons) {
    total += Math.abs(ringArea(outer));
    for (const hole of holes) total -= Math.abs(ringArea(hole));
  }
  return total;
}

function ringArea(ring: readonly [number, number][]): number {
  let twice = 0;
  for (let k = 0; k < ring.length; k++) {
    const [x1, y1] = ring[k];
    const [x2, y2] = ring[(k + 1) % ring.length];
    twice += x1 * y2 - x2 * y1;
  }
  return twice / 2;
}
