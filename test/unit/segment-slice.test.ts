import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type {
  AnnotationDocument,
  AnnotationLists,
  AttributeValue,
  FrameRange,
  LabelInfo,
  Shape,
  Tag,
  Track,
  TrackedShape,
} from '../../src/annotations/document/annotation-document.js';
import { completeLists } from '../../src/annotations/read/attribute-completion.js';
import { sliceForSegment } from '../../src/annotations/split/segment-slice.js';
import { interpolateTrack } from '../../src/annotations/tracks/track-interpolation.js';
import { comparable, readFixture, type FixtureTask } from '../support/annotations/fixture-documents.js';
import { aKeyframe } from '../support/annotations/document-builders.js';

const tag = (id: number, frame: number): Tag => ({
  id,
  frame,
  label_id: 1,
  group: null,
  source: 'manual',
  attributes: [],
});

const shape = (id: number, frame: number): Shape => ({
  ...tag(id, frame),
  type: 'rectangle',
  occluded: false,
  z_order: 0,
  points: [0, 0, 1, 1],
});

const box = (
  id: number | null,
  frame: number,
  points: number[],
  extra: Partial<TrackedShape> = {},
): TrackedShape => aKeyframe({ id, frame, points, ...extra });

const track = (id: number, shapes: TrackedShape[]): Track => ({
  id,
  frame: Math.min(...shapes.map((keyframe) => keyframe.frame)),
  label_id: 1,
  group: 0,
  source: 'manual',
  attributes: [{ spec_id: 9, value: 'immutable' }],
  shapes,
});

const onlyTracks = (...tracks: Track[]): AnnotationLists => ({ tags: [], shapes: [], tracks });

const sliceTrack = (input: Track, segment: FrameRange): Track[] =>
  sliceForSegment(onlyTracks(input), segment).tracks;

const SEGMENT = { start: 10, stop: 20 };

/** What an annotator sees of a track, frame by frame, on frames from..to: visible shapes only. */
function visible(shapes: readonly TrackedShape[], endFrame: number, from: number, to: number) {
  const sorted = (attributes: readonly AttributeValue[]) =>
    [...attributes].sort((p, q) => p.spec_id - q.spec_id).map((a) => `${a.spec_id}=${a.value}`);
  return interpolateTrack(shapes, endFrame, { start: from, stop: to })
    .filter((perFrame) => !perFrame.outside)
    .map((perFrame) => ({
      frame: perFrame.frame,
      occluded: perFrame.occluded,
      z_order: perFrame.z_order,
      points: perFrame.points.map((value) => Math.round(value * 1e9) / 1e9),
      attributes: sorted(perFrame.attributes),
    }));
}

describe('segment slice: tags and shapes', () => {
  it('keeps the tags and shapes with start <= frame <= stop, on overlap frames in both segments', () => {
    const lists: AnnotationLists = {
      tags: [tag(1, 2), tag(2, 3), tag(3, 5), tag(4, 6)],
      shapes: [shape(11, 6), shape(12, 5), shape(13, 3), shape(14, 2)],
      tracks: [],
    };
    const first = sliceForSegment(lists, { start: 0, stop: 3 });
    const second = sliceForSegment(lists, { start: 3, stop: 5 });

    assert.deepEqual(
      first.tags.map((object) => object.id),
      [1, 2],
    );
    assert.deepEqual(
      first.shapes.map((object) => object.id),
      [13, 14],
    );
    assert.deepEqual(
      second.tags.map((object) => object.id),
      [2, 3],
    );
    assert.deepEqual(
      second.shapes.map((object) => object.id),
      [12, 13],
    );
    assert.deepEqual(second.shapes[0], shape(12, 5), 'objects are stored as given');
  });
});

describe('segment slice: which tracks go to a job', () => {
  it('takes a track whose visible keyframe pair spans the segment, with no keyframe inside it', () => {
    const input = track(1, [box(1, 0, [0, 0, 10, 10]), box(2, 30, [30, 30, 40, 40])]);
    const [sliced] = sliceTrack(input, SEGMENT);
    // Frame 10 is 1/3 and frame 20 2/3 of the way: both edges are pinned as new keyframes.
    assert.deepEqual(sliced, {
      ...input,
      frame: 10,
      shapes: [box(null, 10, [10, 10, 20, 20]), box(null, 20, [20, 20, 30, 30])],
    });
  });

  it('takes a track whose visible pair ends on the first frame, as its outside keyframe alone', () => {
    const input = track(1, [box(1, 5, [0, 0, 1, 1]), box(2, 10, [2, 2, 3, 3], { outside: true })]);
    assert.deepEqual(sliceTrack(input, SEGMENT), [{ ...input, frame: 10, shapes: [input.shapes[1]] }]);
  });

  it('takes a track whose last keyframe is visible and not after the segment, repeated up to stop - 1', () => {
    const input = track(7, [box(1, 2, [1, 2, 3, 4], { occluded: true })]);
    assert.deepEqual(sliceTrack(input, SEGMENT), [
      {
        ...input,
        frame: 10,
        shapes: [
          box(null, 10, [1, 2, 3, 4], { occluded: true }),
          box(null, 19, [1, 2, 3, 4], { occluded: true }),
        ],
      },
    ]);
  });

  it('leaves out tracks that are not visible anywhere in the segment', () => {
    const endedBefore = track(1, [box(1, 0, [0, 0, 1, 1]), box(2, 5, [0, 0, 1, 1], { outside: true })]);
    const hiddenAcross = track(2, [
      box(3, 0, [0, 0, 1, 1]),
      box(4, 5, [0, 0, 1, 1], { outside: true }),
      box(5, 30, [0, 0, 1, 1]),
    ]);
    const startsAfter = track(3, [box(6, 21, [0, 0, 1, 1])]);
    const outsideOnly = track(4, [box(7, 15, [0, 0, 1, 1], { outside: true })]);
    assert.deepEqual(
      sliceForSegment(onlyTracks(endedBefore, hiddenAcross, startsAfter, outsideOnly), SEGMENT).tracks,
      [],
    );
  });
});

describe('segment slice: slicing a track', () => {
  it('stores a track that lies inside the segment as it is', () => {
    const input = track(3, [
      box(1, 12, [0, 0, 1, 1], { attributes: [{ spec_id: 1, value: 'a' }] }),
      box(2, 15, [1, 1, 2, 2]),
      box(3, 18, [1, 1, 2, 2], { outside: true }),
    ]);
    assert.deepEqual(sliceTrack(input, SEGMENT), [input]);
  });

  it('pins the shape at the segment end when a later keyframe is cut', () => {
    const input = track(1, [box(1, 12, [0, 0, 10, 10]), box(2, 30, [18, 18, 28, 28])]);
    // Frame 20 is 8/18 of the way from 12 to 30.
    assert.deepEqual(sliceTrack(input, SEGMENT), [
      { ...input, shapes: [input.shapes[0], box(null, 20, [8, 8, 18, 18])] },
    ]);
  });

  it('drops leading outside keyframes, and then pins the repeated last keyframe at stop - 1', () => {
    const input = track(1, [box(1, 12, [0, 0, 1, 1], { outside: true }), box(2, 15, [4, 4, 5, 5])]);
    assert.deepEqual(sliceTrack(input, SEGMENT), [
      { ...input, frame: 15, shapes: [input.shapes[1], box(null, 19, [4, 4, 5, 5])] },
    ]);
  });

  it('keeps the last of several outside keyframes when all kept ones are outside', () => {
    const input = track(1, [
      box(1, 0, [0, 0, 1, 1]),
      box(2, 12, [0, 0, 1, 1], { outside: true }),
      box(3, 16, [0, 0, 1, 1], { outside: true }),
      box(4, 30, [5, 5, 6, 6], { outside: true }),
    ]);
    assert.deepEqual(sliceTrack(input, { start: 12, stop: 20 }), [
      { ...input, frame: 16, shapes: [input.shapes[2]] },
    ]);
  });

  it('writes inherited attribute values into the keyframes it keeps once earlier ones are cut', () => {
    const input = track(1, [
      box(1, 0, [0, 0, 1, 1], {
        attributes: [
          { spec_id: 1, value: 'a' },
          { spec_id: 2, value: 'x' },
        ],
      }),
      box(2, 12, [0, 0, 1, 1], { attributes: [{ spec_id: 1, value: 'b' }] }),
    ]);
    const [sliced] = sliceTrack(input, SEGMENT);
    const values = sliced.shapes.map((kept) => [
      kept.frame,
      Object.fromEntries(kept.attributes.map((attribute) => [attribute.spec_id, attribute.value])),
    ]);
    // The values per-frame interpolation (section 9) shows on those frames in the whole task.
    assert.deepEqual(values, [
      [10, { 1: 'a', 2: 'x' }],
      [12, { 1: 'b', 2: 'x' }],
      [19, { 1: 'b', 2: 'x' }],
    ]);
    assert.deepEqual(input.shapes[1].attributes, [{ spec_id: 1, value: 'b' }], 'the input is not changed');
  });

  it('pins a single edge shape once, not as both first and last keyframe', () => {
    const input = track(1, [box(1, 0, [0, 0, 10, 10]), box(2, 10, [10, 10, 20, 20])]);
    assert.deepEqual(sliceTrack(input, { start: 5, stop: 5 }), [
      { ...input, frame: 5, shapes: [box(null, 5, [5, 5, 15, 15])] },
    ]);
  });

  it('does not change its input', () => {
    const input = onlyTracks(
      track(1, [box(1, 0, [0, 0, 10, 10]), box(2, 30, [30, 30, 40, 40])]),
      track(2, [box(3, 15, [0, 0, 1, 1], { outside: true }), box(4, 12, [0, 0, 1, 1])]),
    );
    const before = structuredClone(input);
    sliceForSegment(input, SEGMENT);
    assert.deepEqual(input, before);
  });

  it('keeps an outside keyframe that follows a pinned first shape, so the job shows what the task shows', () => {
    // Visible 0..11, outside 12..14, visible again from 15. Section 7 step 2 read literally would drop
    // the outside keyframe 12 (it leads the kept keyframes 12, 15) and then insert the pinned frame 10
    // before 15, making the object visible, moving, on 12..14 in this job. The slice keeps it instead.
    const input = track(1, [
      box(1, 0, [0, 0, 10, 10]),
      box(2, 12, [0, 0, 10, 10], { outside: true }),
      box(3, 15, [20, 20, 30, 30]),
    ]);
    const [sliced] = sliceTrack(input, SEGMENT);
    assert.deepEqual(
      sliced.shapes.map((kept) => [kept.frame, kept.outside]),
      [
        [10, false],
        [12, true],
        [15, false],
        [19, false],
      ],
    );
    assert.deepEqual(
      visible(sliced.shapes, 20, 10, 19).map((perFrame) => perFrame.frame),
      [10, 11, 15, 16, 17, 18, 19],
    );

    // The same when every kept keyframe is outside: visible 0..11 only, so the job shows frames 10, 11.
    const hidden = track(2, [
      box(4, 0, [0, 0, 1, 1]),
      box(5, 12, [0, 0, 1, 1], { outside: true }),
      box(6, 16, [0, 0, 1, 1], { outside: true }),
    ]);
    const [slicedHidden] = sliceTrack(hidden, SEGMENT);
    assert.deepEqual(
      slicedHidden.shapes.map((kept) => [kept.frame, kept.outside]),
      [
        [10, false],
        [12, true],
        [16, true],
      ],
    );
    assert.deepEqual(
      visible(slicedHidden.shapes, 20, 10, 19).map((perFrame) => perFrame.frame),
      [10, 11],
    );
  });

  it('shows in every job the visible shapes the task shows on its frames', () => {
    const tracks = [
      track(1, [box(1, 0, [0, 0, 10, 10]), box(2, 30, [30, 30, 40, 40])]),
      track(2, [
        box(3, 3, [0, 0, 4, 4], { attributes: [{ spec_id: 1, value: 'a' }] }),
        box(4, 8, [5, 5, 9, 9], { occluded: true, attributes: [{ spec_id: 2, value: 'x' }] }),
        box(5, 13, [5, 5, 9, 9], { outside: true }),
        box(6, 17, [1, 2, 3, 4], { z_order: 2, attributes: [{ spec_id: 1, value: 'b' }] }),
        box(7, 24, [7, 2, 9, 4]),
      ]),
      track(3, [
        box(8, 6, [0, 0, 1, 1], { outside: true }),
        box(9, 9, [2, 2, 3, 3]),
        box(10, 22, [9, 9, 9, 9]),
      ]),
      track(4, [
        { ...box(11, 1, [0, 0]), type: 'points' },
        { ...box(12, 11, [10, 20]), type: 'points' },
        { ...box(13, 21, [30, 40]), type: 'points', outside: true },
      ]),
      track(5, [
        box(14, 0, [0, 0, 2, 2]),
        box(15, 9, [0, 0, 2, 2], { outside: true }),
        box(16, 11, [3, 3, 5, 5]),
        box(17, 25, [10, 10, 20, 20]),
      ]),
    ];
    const segments = [
      { start: 0, stop: 9 },
      { start: 7, stop: 16 },
      { start: 14, stop: 23 },
      { start: 21, stop: 29 },
    ];
    for (const input of tracks) {
      for (const segment of segments) {
        const [sliced] = sliceTrack(input, segment);
        const expected = visible(input.shapes, 30, segment.start, segment.stop - 1);
        const actual = sliced ? visible(sliced.shapes, segment.stop, segment.start, segment.stop - 1) : [];
        assert.deepEqual(actual, expected, `track ${input.id}, segment ${JSON.stringify(segment)}`);
      }
    }
  });
});

describe('segment slice against the reference (job GETs after a task PUT)', () => {
  interface FixtureJob {
    start_frame: number;
    stop_frame: number;
  }

  const labelsOf = (task: FixtureTask): Map<number, LabelInfo> =>
    new Map(
      task.labels.map((label) => [
        label.id,
        {
          id: label.id,
          attributes: new Map(
            label.attributes.map((spec) => [
              spec.id,
              { id: spec.id, mutable: spec.mutable, defaultValue: spec.default_value },
            ]),
          ),
        },
      ]),
    );

  for (const kind of ['images', 'video'] as const) {
    it(`stores in each job of the ${kind} task what the reference stored, after default completion`, () => {
      const labels = labelsOf(readFixture<FixtureTask>(`tasks/${kind}-task.json`));
      const put = readFixture<AnnotationDocument>(`annotations-${kind}.json`);
      const jobs = readFixture<FixtureJob[]>(`jobs-${kind}.json`).sort(
        (a, b) => a.start_frame - b.start_frame,
      );
      assert.equal(jobs.length, kind === 'images' ? 2 : 3);

      jobs.forEach((job, n) => {
        const recorded = readFixture<AnnotationDocument>(`annotations-${kind}-job-${n}-get.json`);
        const sliced = completeLists(
          sliceForSegment(put, { start: job.start_frame, stop: job.stop_frame }),
          labels,
        );
        const what = `${kind} job ${n} [${job.start_frame}, ${job.stop_frame}]`;
        // Tags and tracks come back in the order they were PUT. The reference returns shapes sorted
        // by frame (in database order on one frame), while the slice keeps PUT order: shapes are
        // compared as multisets.
        assert.deepEqual(
          comparable({ tags: sliced.tags, tracks: sliced.tracks }, 'exact'),
          comparable({ tags: recorded.tags, tracks: recorded.tracks }, 'exact'),
          `${what}: tags and tracks`,
        );
        assert.deepEqual(
          comparable({ shapes: sliced.shapes }, 'none'),
          comparable({ shapes: recorded.shapes }, 'none'),
          `${what}: shapes`,
        );
      });
    });
  }
});
