import type { FieldErrors } from '../../common/errors/domain-errors.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';
import type { ShapeType } from './annotation-document.js';
import { presentList, type FieldIssues, type JsonRecord } from './document-fields.js';

/**
 * Far above any drawn shape; it bounds the work a single list can cause, and is checked before the
 * items are looked at so that a huge list fails at once.
 */
export const MAX_POINT_COORDINATES = 100_000;

interface PointsLayout {
  readonly noun: string;
  readonly min: number;
  /** Equal to `min` for shapes with a fixed number of points. */
  readonly max: number;
}

const LAYOUTS: Readonly<Record<ShapeType, PointsLayout>> = {
  rectangle: { noun: 'A rectangle', min: 4, max: 4 },
  polygon: { noun: 'A polygon', min: 6, max: MAX_POINT_COORDINATES },
  polyline: { noun: 'A polyline', min: 4, max: MAX_POINT_COORDINATES },
  points: { noun: 'A points shape', min: 2, max: MAX_POINT_COORDINATES },
  cuboid: { noun: 'A cuboid', min: 16, max: 16 },
};

function countProblem(type: ShapeType, count: number): string | undefined {
  const { noun, min, max } = LAYOUTS[type];
  if (count >= min && count <= max && count % 2 === 0) return undefined;

  const points = min === 2 ? '1 point' : `${min / 2} points`;
  const needed =
    min === max
      ? `exactly ${min} numbers (${points})`
      : `an even count of at least ${min} numbers (${points} or more)`;
  return `${noun} needs ${needed}; got ${count}.`;
}

/**
 * The coordinates of a shape or keyframe. Child errors are keyed by index, as DRF's ListField
 * reports them; the count is checked against `type` only when both are otherwise valid.
 */
export function readPoints(record: JsonRecord, issues: FieldIssues, type: ShapeType | undefined): number[] {
  const list = presentList(record, 'points', issues);
  if (list === undefined) return [];
  if (list.length === 0) return fail(issues, [CVAT_MESSAGES.emptyList]);
  if (list.length > MAX_POINT_COORDINATES)
    return fail(issues, [CVAT_MESSAGES.maxItems(MAX_POINT_COORDINATES)]);

  let itemErrors: FieldErrors | undefined;
  for (let index = 0; index < list.length; index++) {
    const value = list[index];
    if (typeof value === 'number' && Number.isFinite(value)) continue;
    const number = numberFromText(value);
    if (number !== undefined) {
      // The list is the request's own: storing the number keeps every later step on numbers.
      list[index] = number;
      continue;
    }
    (itemErrors ??= {})[index] = [value === null ? CVAT_MESSAGES.notNull : CVAT_MESSAGES.number];
  }
  if (itemErrors !== undefined) return fail(issues, itemErrors);

  const problem = type === undefined ? undefined : countProblem(type, list.length);
  if (problem !== undefined) return fail(issues, [problem]);
  // The request's own list: nothing changes points after parsing, and a copy would double them.
  return list as number[];
}

/** DRF's FloatField takes numbers written as text ("1.5", " 2e3 "); only finite ones fit a shape. */
const NUMBER_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function numberFromText(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.length > 1000 || !NUMBER_TEXT.test(value)) return undefined;
  const number = parseFloat(value);
  return Number.isFinite(number) ? number : undefined;
}

function fail(issues: FieldIssues, error: string[] | FieldErrors): number[] {
  issues.add('points', error);
  return [];
}
