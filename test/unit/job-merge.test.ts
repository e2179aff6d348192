import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type {
  AnnotationDocument,
  AnnotationLists,
  Shape,
  ShapeType,
  Tag,
  Track,
  TrackedShape,
} from '../../src/annotations/document/annotation-document.js';
import { mergeJobs, type JobLists } from '../../src/annotations/merge/job-merge.js';
import { readFixture, type FixtureTask } from '../support/annotations/fixture-documents.js';
import { aKeyframe } from '../support/annotations/document-builders.js';

const tag = (id: number, frame: number, label_id = 1): Tag => ({
  id,
  frame,
  label_id,
  group: 0,
  source: 'manual',
  attributes: [],
});

const shape = (id: number, frame: number, type: ShapeType, points: number[], label_id = 1): Shape => ({
  ...tag(id, frame, label_id),
  type,
  occluded: false,
  z_order: 0,
  points,
});

const key = (id: number, frame: number, points: number[], extra: Partial<TrackedShape> = {}): TrackedShape =>
  aKeyframe({ id, frame, points, ...extra });

const track = (id: number, shapes: TrackedShape[], extra: Partial<Track> = {}): Track => ({
  id,
  frame: shapes[0].frame,
  label_id: 1,
  group: 0,
  source: 'manual',
  attributes: [],
  shapes,
  ...extra,
});

const job = (start: number, stop: number, lists: Partial<AnnotationLists>): JobLists => ({
  segment: { start, stop },
  lists: { tags: [], shapes: [], tracks: [], ...lists },
});

const ids = (objects: ReadonlyArray<{ id: number | null }>): Array<number | null> =>
  objects.map((object) => object.id).sort((p, q) => (p ?? -1) - (q ?? -1));

/** Shapes of two jobs [0, 5] and [5, 9] (overlap 1) on the shared frame 5: which ids the merge keeps. */
const mergedShapeIds = (old: Shape[], candidates: Shape[]): Array<number | null> =>
  ids(mergeJobs([job(0, 5, { shapes: old }), job(5, 9, { shapes: candidates })], 1).shapes);

const square = (x: number): number[] => [x, 0, x + 10, 0, x + 10, 10, x, 10];

describe('job merge: overlap 0', () => {
  it('closes a track that crosses the boundary with an outside keyframe at the next start frame', () => {
    const first = track(1, [key(11, 0, [0, 0, 10, 10]), key(12, 9, [9, 9, 19, 19])]);
    const second = track(2, [key(21, 10, [10, 10, 20, 20]), key(22, 15, [15, 15, 25, 25])]);
    const merged = mergeJobs(
      [
        job(0, 9, { tracks: [first], tags: [tag(1, 9)], shapes: [shape(3, 9, 'rectangle', [0, 0, 1, 1])] }),
        job(10, 19, {
          tracks: [second],
          tags: [tag(2, 10)],
          shapes: [shape(4, 10, 'rectangle', [0, 0, 1, 1])],
        }),
      ],
      0,
    );

    assert.deepEqual(merged.tracks, [
      // The closing keyframe is a copy of the last one, id included (as the reference shows it).
      { ...first, shapes: [...first.shapes, { ...first.shapes[1], frame: 10, outside: true }] },
      second,
    ]);
    assert.deepEqual(ids(merged.tags), [1, 2]);
    assert.deepEqual(ids(merged.shapes), [3, 4]);
  });
});

describe('job merge: tags', () => {
  it('unites a candidate tag with an old tag of the same label on the same frame, keeping the old one', () => {
    const old = [tag(10, 5, 1), tag(11, 5, 2)];
    const candidates = [tag(20, 5, 2), tag(21, 5, 3), tag(22, 6, 1)];
    const merged = mergeJobs([job(0, 6, { tags: old }), job(5, 9, { tags: candidates })], 2);
    // 20 is the same label as 11; 21 has no counterpart; nothing old is on frame 6.
    assert.deepEqual(ids(merged.tags), [10, 11, 21, 22]);
    assert.equal(
      merged.tags.find((object) => object.id === 11),
      old[1],
    );
  });

  it('adds tags of the next job from start + overlap on without matching them', () => {
    const merged = mergeJobs(
      [job(0, 6, { tags: [tag(10, 6)] }), job(5, 9, { tags: [tag(20, 7), tag(21, 6)] })],
      2,
    );
    assert.deepEqual(ids(merged.tags), [10, 20]);
  });
});

describe('job merge: shapes', () => {
  const unit = shape(1, 5, 'rectangle', [0, 0, 10, 10]);

  it('unites rectangles with an IoU of at least 0.75, keeping the old one', () => {
    assert.deepEqual(mergedShapeIds([unit], [shape(2, 5, 'rectangle', [0, 0, 10, 8])]), [1]); // IoU 0.8
    assert.deepEqual(mergedShapeIds([unit], [shape(2, 5, 'rectangle', [0, 0, 10, 7.5])]), [1]); // IoU 0.75
    const merged = mergeJobs(
      [job(0, 5, { shapes: [unit] }), job(5, 9, { shapes: [shape(2, 5, 'rectangle', [0, 0, 10, 8])] })],
      1,
    );
    assert.equal(merged.shapes[0], unit);
  });

  it('keeps both rectangles below an IoU of 0.75, with different labels, or on different frames', () => {
    assert.deepEqual(mergedShapeIds([unit], [shape(2, 5, 'rectangle', [0, 0, 10, 7])]), [1, 2]); // IoU 0.7
    assert.deepEqual(mergedShapeIds([unit], [shape(2, 5, 'rectangle', [0, 0, 10, 10], 2)]), [1, 2]);
    assert.deepEqual(
      mergeJobs(
        [
          job(0, 6, { shapes: [shape(1, 5, 'rectangle', [0, 0, 10, 10])] }),
          job(5, 9, { shapes: [shape(2, 6, 'rectangle', [0, 0, 10, 10])] }),
        ],
        2,
      ).shapes.map((object) => object.id),
      [1, 2],
    );
  });

  it('unites polygons by the IoU of their areas', () => {
    const old = shape(1, 5, 'polygon', square(0));
    assert.deepEqual(mergedShapeIds([old], [shape(2, 5, 'polygon', square(1))]), [1]); // 90 / 110
    assert.deepEqual(mergedShapeIds([old], [shape(2, 5, 'polygon', square(2))]), [1, 2]); // 80 / 120
    // Same bounding box, half the area: IoU 0.5.
    assert.deepEqual(mergedShapeIds([old], [shape(2, 5, 'polygon', [0, 0, 10, 0, 0, 10])]), [1, 2]);
    // An L shape: the square without a 2 x 2 corner, IoU 0.96.
    assert.deepEqual(
      mergedShapeIds([old], [shape(2, 5, 'polygon', [0, 0, 10, 0, 10, 8, 8, 8, 8, 10, 0, 10])]),
      [1],
    );
  });

  it('never unites polygons without area, or shapes of different types', () => {
    const flat = [0, 0, 10, 0, 5, 0];
    assert.deepEqual(mergedShapeIds([shape(1, 5, 'polygon', flat)], [shape(2, 5, 'polygon', flat)]), [1, 2]);
    assert.deepEqual(
      mergedShapeIds(
        [shape(1, 5, 'polygon', [0, 0, 10, 0, 10, 10, 0, 10])],
        [shape(2, 5, 'rectangle', [0, 0, 10, 10])],
      ),
      [1, 2],
    );
  });

  it('returns identical points, polyline and cuboid shapes twice', () => {
    const cuboid = [8, 12, 8, 36, 30, 12, 30, 36, 40, 28, 40, 6, 18, 6, 18, 28];
    for (const [type, points] of [
      ['points', [5, 5, 15, 15]],
      ['polyline', [2, 2, 20, 30, 60, 10]],
      ['cuboid', cuboid],
    ] as Array<[ShapeType, number[]]>) {
      assert.deepEqual(
        mergedShapeIds([shape(1, 5, type, points)], [shape(2, 5, type, points)]),
        [1, 2],
        type,
      );
    }
  });

  it('assigns candidates to old shapes by minimum total cost, not one by one', () => {
    // Costs (1 - IoU): c11-o1 .214, c11-o2 .148, c12-o1 .4, c12-o2 .095. The best pair for c11 alone is o2,
    // which would leave c12 with o1 above the threshold; the optimal assignment unites both.
    const old = [shape(1, 5, 'rectangle', [0, 0, 10, 10]), shape(2, 5, 'rectangle', [2, 0, 12, 10])];
    const candidates = [
      shape(11, 5, 'rectangle', [1.2, 0, 11.2, 10]),
      shape(12, 5, 'rectangle', [2.5, 0, 12.5, 10]),
    ];
    assert.deepEqual(mergedShapeIds(old, candidates), [1, 2]);
  });
});

describe('job merge: tracks', () => {
  it('unites tracks that follow each other over the overlap: the union of keyframes, old ones winning', () => {
    const old = track(
      1,
      [
        key(11, 0, [0, 0, 10, 10]),
        key(12, 5, [5, 5, 15, 15]),
        key(13, 9, [9, 9, 19, 19], { attributes: [{ spec_id: 5, value: 'old' }] }),
      ],
      { attributes: [{ spec_id: 9, value: 'A' }], group: 1 },
    );
    const candidate = track(
      2,
      [
        key(21, 7, [7, 7, 17, 17]),
        key(22, 9, [9, 9, 19, 19], { attributes: [{ spec_id: 5, value: 'candidate' }] }),
        key(23, 12, [12, 12, 22, 22]),
      ],
      { attributes: [{ spec_id: 9, value: 'B' }], group: 2 },
    );
    const merged = mergeJobs([job(0, 9, { tracks: [old] }), job(7, 16, { tracks: [candidate] })], 3);
    assert.deepEqual(merged.tracks, [
      {
        ...old,
        shapes: [old.shapes[0], old.shapes[1], candidate.shapes[0], old.shapes[2], candidate.shapes[2]],
      },
    ]);
  });

  it('gives the united track the identity of the one with the smaller frame', () => {
    // Over frames 7..9 the old track is missing on 7 and equal on 8 and 9: similarity 2/3.
    const old = track(1, [key(11, 8, [8, 8, 18, 18]), key(12, 9, [9, 9, 19, 19])], {
      attributes: [{ spec_id: 9, value: 'A' }],
    });
    const candidate = track(2, [key(21, 7, [7, 7, 17, 17]), key(22, 12, [12, 12, 22, 22])], {
      attributes: [{ spec_id: 9, value: 'B' }],
      source: 'auto',
    });
    const merged = mergeJobs([job(0, 9, { tracks: [old] }), job(7, 16, { tracks: [candidate] })], 3);
    assert.deepEqual(merged.tracks, [
      {
        ...candidate,
        frame: 7,
        shapes: [candidate.shapes[0], old.shapes[0], old.shapes[1], candidate.shapes[1]],
      },
    ]);

    // On equal frames the old track keeps its identity.
    const sameStart = track(3, [key(31, 7, [7, 7, 17, 17]), key(32, 12, [12, 12, 22, 22])]);
    const oldFromSeven = track(4, [key(41, 7, [7, 7, 17, 17]), key(42, 9, [9, 9, 19, 19])]);
    const [united] = mergeJobs(
      [job(0, 9, { tracks: [oldFromSeven] }), job(7, 16, { tracks: [sameStart] })],
      3,
    ).tracks;
    assert.equal(united.id, 4);
    assert.deepEqual(
      united.shapes.map((kept) => kept.id),
      [41, 42, 32],
    );
  });

  it('unites tracks at a similarity of 0.5 and not below', () => {
    // Overlap [7, 8]: equal on 7; on 8 the old track is outside and the candidate is not: 1 - 1/2.
    const old = track(1, [
      key(11, 0, [0, 0, 10, 10]),
      key(12, 7, [0, 0, 10, 10]),
      key(13, 8, [0, 0, 10, 10], { outside: true }),
    ]);
    const candidate = track(2, [key(21, 7, [0, 0, 10, 10]), key(22, 12, [5, 5, 15, 15])]);
    const merged = mergeJobs([job(0, 8, { tracks: [old] }), job(7, 16, { tracks: [candidate] })], 2);
    assert.deepEqual(merged.tracks, [{ ...old, shapes: [...old.shapes, candidate.shapes[1]] }]);

    // Overlap [7, 9]: the old track is also missing on 9: similarity 1/3, both stay; the old one
    // already ends outside and is not closed again.
    const apart = mergeJobs([job(0, 9, { tracks: [old] }), job(7, 16, { tracks: [candidate] })], 3);
    assert.deepEqual(apart.tracks, [old, candidate]);
  });

  it('never unites tracks of different labels, and closes old tracks left unassigned', () => {
    const old = track(1, [key(11, 0, [0, 0, 10, 10]), key(12, 9, [9, 9, 19, 19])]);
    const candidate = track(2, [key(21, 7, [7, 7, 17, 17]), key(22, 9, [9, 9, 19, 19])], { label_id: 2 });
    const ended = track(3, [key(31, 0, [0, 0, 1, 1]), key(32, 3, [0, 0, 1, 1], { outside: true })]);
    const merged = mergeJobs([job(0, 9, { tracks: [old, ended] }), job(7, 16, { tracks: [candidate] })], 3);
    assert.deepEqual(merged.tracks, [
      { ...old, shapes: [...old.shapes, { ...old.shapes[1], frame: 10, outside: true }] },
      ended,
      candidate,
    ]);
  });

  it('closes old tracks when the next job has no candidates, at its start + overlap', () => {
    const old = track(1, [key(11, 0, [0, 0, 10, 10])]);
    const fresh = track(2, [key(21, 12, [0, 0, 10, 10])]);
    const merged = mergeJobs([job(0, 9, { tracks: [old] }), job(7, 16, { tracks: [fresh] })], 3);
    assert.deepEqual(merged.tracks, [
      { ...old, shapes: [...old.shapes, { ...old.shapes[0], frame: 10, outside: true }] },
      fresh,
    ]);
  });
});

describe('job merge: inputs', () => {
  it('does not change the job documents it merges', () => {
    const jobs = [
      job(0, 9, {
        tags: [tag(1, 8)],
        shapes: [shape(2, 8, 'rectangle', [0, 0, 10, 10])],
        tracks: [
          track(1, [key(11, 0, [0, 0, 10, 10]), key(12, 9, [9, 9, 19, 19])]),
          track(2, [key(13, 0, [0, 0, 1, 1])], { label_id: 3 }),
        ],
      }),
      job(7, 16, {
        tags: [tag(3, 8)],
        shapes: [shape(4, 8, 'rectangle', [0, 0, 10, 10])],
        tracks: [track(3, [key(21, 7, [7, 7, 17, 17]), key(22, 9, [9, 9, 19, 19])])],
      }),
      job(14, 20, { tracks: [track(4, [key(41, 18, [0, 0, 1, 1])])] }),
    ];
    const before = structuredClone(jobs);
    const merged = mergeJobs(jobs, 3);
    assert.deepEqual(jobs, before);
    // The merge did unite and close something, so there was something to change.
    assert.deepEqual(ids(merged.tracks), [1, 2, 4]);
    assert.ok(merged.tracks.every((united) => united.shapes.at(-1)!.frame !== 9));
  });
});

describe('job merge against the reference (task GET from job GETs)', () => {
  interface FixtureJob {
    start_frame: number;
    stop_frame: number;
  }

  /** JSON with object keys sorted, array order kept: equal for equal objects. */
  const canonical = (value: unknown): string =>
    JSON.stringify(value, (_key, item: unknown) =>
      item && typeof item === 'object' && !Array.isArray(item)
        ? Object.fromEntries(Object.entries(item).sort(([p], [q]) => p.localeCompare(q)))
        : item,
    );
  const asMultiset = (objects: readonly unknown[]): unknown[] =>
    objects
      .map((object) => JSON.parse(canonical(object)) as unknown)
      .sort((p, q) => canonical(p).localeCompare(canonical(q)));

  for (const kind of ['images', 'video'] as const) {
    it(`merges the recorded jobs of the ${kind} task into the recorded task document, ids included`, () => {
      const task = readFixture<FixtureTask>(`tasks/${kind}-task.json`);
      const jobs = readFixture<FixtureJob[]>(`jobs-${kind}.json`).sort(
        (a, b) => a.start_frame - b.start_frame,
      );
      const perJob = jobs.map((recorded, n): JobLists => ({
        segment: { start: recorded.start_frame, stop: recorded.stop_frame },
        lists: readFixture<AnnotationDocument>(`annotations-${kind}-job-${n}-get.json`),
      }));
      const expected = readFixture<AnnotationDocument>(`annotations-${kind}-task-get.json`);
      const merged = mergeJobs(perJob, task.overlap);
      for (const list of ['tags', 'shapes', 'tracks'] as const) {
        assert.deepEqual(asMultiset(merged[list]), asMultiset(expected[list]), `${kind} ${list}`);
      }
    });
  }
});
