/**
 * Polygon and polyline positions between two keyframes (spec/annotations.md, section 9). The
 * annotation UI computes the same curves, so exports show what annotators saw; that is why the
 * matching and reduction rules, ties included, follow the web client rather than anything simpler.
 */

interface Vertex {
  readonly x: number;
  readonly y: number;
}

/** Right-curve vertices matched to each left-curve vertex, ascending. */
type Matching = number[][];

/**
 * The curve at fraction `t` (0 < t < 1) of the way from `left` to `right`, both flat
 * `[x0, y0, x1, y1, ...]` lists. A polygon is treated as a ring closed by its first point.
 */
export function interpolateCurve(
  left: readonly number[],
  right: readonly number[],
  t: number,
  closed: boolean,
): number[] {
  const a = toVertices(left);
  const b = toVertices(right);
  if (a.length === 0 || b.length === 0) return [...left];
  if (closed) {
    a.push(a[0]);
    b.push(b[0]);
  }

  const matching = matchVertices(relativePositions(a), relativePositions(b));
  const produced: Vertex[] = [];
  const producedBy = matching.map((rightIndexes, i) =>
    rightIndexes.map((j) => produced.push(lerp(a[i], b[j], t)) - 1),
  );

  const reduced = reduce(a, b, matching, produced, producedBy);
  if (closed) reduced.pop();
  return reduced.flatMap((vertex) => [vertex.x, vertex.y]);
}

function toVertices(points: readonly number[]): Vertex[] {
  const vertices: Vertex[] = [];
  for (let k = 0; k + 1 < points.length; k += 2) vertices.push({ x: points[k], y: points[k + 1] });
  return vertices;
}

function distance(p: Vertex, q: Vertex): number {
  return Math.hypot(q.x - p.x, q.y - p.y);
}

function lerp(p: Vertex, q: Vertex, t: number): Vertex {
  return { x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t };
}

/** Length of the curve from vertex `from` to vertex `to`. */
function curveLength(vertices: readonly Vertex[], from: number, to: number): number {
  let length = 0;
  for (let k = from; k < to; k++) length += distance(vertices[k], vertices[k + 1]);
  return length;
}

/** Each vertex's arc position as a fraction of the whole curve; all 0 for a curve of no length. */
function relativePositions(vertices: readonly Vertex[]): number[] {
  const cumulative = [0];
  for (let k = 1; k < vertices.length; k++) {
    cumulative.push(cumulative[k - 1] + distance(vertices[k - 1], vertices[k]));
  }
  const total = cumulative[cumulative.length - 1];
  return total > 0 ? cumulative.map((length) => length / total) : cumulative.map(() => 0);
}

/** Index of the position nearest to `value`; the earliest wins a tie. */
function nearest(value: number, positions: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < positions.length; k++) {
    if (Math.abs(positions[k] - value) < Math.abs(positions[best] - value)) best = k;
  }
  return best;
}

function matchVertices(left: readonly number[], right: readonly number[]): Matching {
  const matching = left.map((position) => [nearest(position, right)]);

  const taken = new Set(matching.map(([j]) => j));
  for (let j = 0; j < right.length; j++) {
    if (!taken.has(j)) matching[nearest(right[j], left)].push(j);
  }

  for (const rightIndexes of matching) rightIndexes.sort((p, q) => p - q);
  return matching;
}

/**
 * Thins out the produced vertices: a run of left vertices sharing one right vertex collapses
 * towards it, and a left vertex matched to several right vertices keeps only the spread-out ones.
 */
function reduce(
  a: readonly Vertex[],
  b: readonly Vertex[],
  matching: Matching,
  produced: readonly Vertex[],
  producedBy: readonly number[][],
): Vertex[] {
  const output: Vertex[] = [];

  const minimize = (length: number, count: number, first: number, last: number): void => {
    const threshold = length / (2 * count);
    const kept = [produced[first]];
    let previous = produced[first];
    for (let k = first + 1; k < last; k++) {
      if (distance(previous, produced[k]) >= threshold) {
        kept.push(produced[k]);
        previous = produced[k];
      }
    }
    kept.push(produced[last]);

    if (kept.length === 2 && distance(produced[first], produced[last]) < threshold) {
      output.push(lerp(produced[first], produced[last], 0.5));
    } else {
      output.push(...kept);
    }
  };

  const emitRun = (start: number, end: number): void => {
    const first = producedBy[start][0];
    const last = producedBy[end][0];
    if (first === last) output.push(produced[first]);
    else minimize(curveLength(a, start, end), end - start + 1, first, last);
  };

  let runStart: number | null = null;
  for (let i = 0; i < matching.length; i++) {
    const rightIndexes = matching[i];
    if (rightIndexes.length === 1) {
      if (runStart === null) {
        runStart = i;
      } else if (rightIndexes[0] !== matching[runStart][0]) {
        emitRun(runStart, i - 1);
        runStart = i;
      }
      continue;
    }

    if (runStart !== null) {
      emitRun(runStart, i - 1);
      runStart = null;
    }
    const firstRight = rightIndexes[0];
    const lastRight = rightIndexes[rightIndexes.length - 1];
    const own = producedBy[i];
    minimize(curveLength(b, firstRight, lastRight), lastRight - firstRight + 1, own[0], own[own.length - 1]);
  }
  if (runStart !== null) emitRun(runStart, matching.length - 1);

  return output;
}
