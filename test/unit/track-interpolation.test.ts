import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import type {
  AnnotationDocument,
  ShapeType,
  Track,
  TrackedShape,
} from '../../src/annotations/document/annotation-document.js';
import { interpolateCurve } from '../../src/annotations/tracks/curve-interpolation.js';
import {
  inheritAttributes,
  interpolateTrack,
  sortByFrame,
  TrackInterpolationError,
  type InterpolatedShape,
} from '../../src/annotations/tracks/track-interpolation.js';
import { FIXTURES, readFixture, type FixtureTask } from '../support/annotations/fixture-documents.js';
import { aKeyframe } from '../support/annotations/document-builders.js';

const keyframe = (
  frame: number,
  type: ShapeType,
  points: number[],
  extra: Partial<TrackedShape> = {},
): TrackedShape => aKeyframe({ frame, type, points, ...extra });

const frames = (shapes: readonly InterpolatedShape[]): number[] => shapes.map((shape) => shape.frame);

const at = (shapes: readonly InterpolatedShape[], frame: number): InterpolatedShape => {
  const shape = shapes.find((candidate) => candidate.frame === frame);
  assert.ok(shape, `no shape on frame ${frame}`);
  return shape;
};

function assertClose(
  actual: readonly number[],
  expected: readonly number[],
  epsilon = 1e-9,
  what = '',
): void {
  assert.equal(
    actual.length,
    expected.length,
    `${what} length: ${actual.join(',')} vs ${expected.join(',')}`,
  );
  actual.forEach((value, k) => {
    assert.ok(
      Math.abs(value - expected[k]) <= epsilon,
      `${what} coordinate ${k}: ${actual.join(',')} vs ${expected.join(',')}`,
    );
  });
}

describe('track interpolation', () => {
  it('interpolates rectangles linearly, copying the left keyframe apart from its points', () => {
    const track = [
      keyframe(0, 'rectangle', [0, 0, 10, 20], { id: 1, occluded: true, z_order: 2 }),
      keyframe(4, 'rectangle', [4, 8, 14, 28], { id: 2 }),
    ];
    const shapes = interpolateTrack(track, 5);

    assert.deepEqual(frames(shapes), [0, 1, 2, 3, 4]);
    assert.deepEqual(
      shapes.map((shape) => shape.keyframe),
      [true, false, false, false, true],
    );
    assert.deepEqual(at(shapes, 1).points, [1, 2, 11, 22]);
    assert.deepEqual(at(shapes, 2).points, [2, 4, 12, 24]);
    assert.deepEqual(at(shapes, 3).points, [3, 6, 13, 26]);
    for (const frame of [1, 2, 3]) {
      const shape = at(shapes, frame);
      assert.equal(shape.id, null);
      assert.equal(shape.type, 'rectangle');
      assert.equal(shape.occluded, true);
      assert.equal(shape.z_order, 2);
      assert.equal(shape.outside, false);
    }
    assert.equal(at(shapes, 0).id, 1);
    assert.equal(at(shapes, 4).id, 2);
    assert.equal(at(shapes, 4).occluded, false);
    assert.equal(at(shapes, 4).z_order, 0);
  });

  it('interpolates each of the 16 cuboid coordinates linearly', () => {
    const left = Array.from({ length: 16 }, (_, k) => k);
    const right = left.map((value) => value + 10);
    const shapes = interpolateTrack([keyframe(0, 'cuboid', left), keyframe(2, 'cuboid', right)], 3);
    assert.deepEqual(
      at(shapes, 1).points,
      left.map((value) => value + 5),
    );
  });

  it('moves single points linearly and keeps several points where they are', () => {
    const single = interpolateTrack([keyframe(0, 'points', [0, 0]), keyframe(4, 'points', [10, 20])], 5);
    assert.deepEqual(at(single, 1).points, [2.5, 5]);
    assert.deepEqual(at(single, 3).points, [7.5, 15]);

    const several = interpolateTrack(
      [keyframe(0, 'points', [0, 0, 1, 1]), keyframe(2, 'points', [10, 10, 11, 11])],
      3,
    );
    assert.deepEqual(at(several, 1).points, [0, 0, 1, 1]);

    const singleToSeveral = interpolateTrack(
      [keyframe(0, 'points', [0, 0]), keyframe(2, 'points', [10, 10, 11, 11])],
      3,
    );
    assert.deepEqual(at(singleToSeveral, 1).points, [0, 0]);
  });

  it('produces nothing between an outside keyframe and the next one', () => {
    const shapes = interpolateTrack(
      [
        keyframe(0, 'rectangle', [0, 0, 10, 10]),
        keyframe(2, 'rectangle', [20, 20, 30, 30], { outside: true }),
        keyframe(5, 'rectangle', [40, 40, 50, 50]),
      ],
      7,
    );
    assert.deepEqual(frames(shapes), [0, 1, 2, 5, 6]);
    assert.deepEqual(
      shapes.map((shape) => shape.outside),
      [false, false, true, false, false],
    );
    assert.deepEqual(
      shapes.map((shape) => shape.keyframe),
      [true, false, true, true, false],
    );
  });

  it("keeps a's points, for every type, on the way to an outside keyframe", () => {
    const cases: Array<[ShapeType, number[], number[]]> = [
      ['rectangle', [0, 0, 10, 10], [20, 20, 30, 30]],
      ['points', [0, 0], [10, 10]],
      ['polygon', [0, 0, 10, 0, 10, 10], [20, 20, 30, 20, 30, 30]],
      ['polyline', [0, 0, 10, 0], [20, 20, 30, 20]],
      ['cuboid', Array.from({ length: 16 }, (_, k) => k), Array.from({ length: 16 }, (_, k) => k + 40)],
    ];
    for (const [type, left, right] of cases) {
      const shapes = interpolateTrack(
        [keyframe(0, type, left), keyframe(4, type, right, { outside: true })],
        10,
      );
      assert.deepEqual(frames(shapes), [0, 1, 2, 3, 4], type);
      for (const frame of [1, 2, 3]) assert.deepEqual(at(shapes, frame).points, left, type);
    }
  });

  it('produces no shapes after a last keyframe that is outside', () => {
    const shapes = interpolateTrack(
      [keyframe(0, 'rectangle', [0, 0, 1, 1]), keyframe(2, 'rectangle', [0, 0, 1, 1], { outside: true })],
      100,
    );
    assert.deepEqual(frames(shapes), [0, 1, 2]);
  });

  it('repeats a visible last keyframe up to endFrame - 1', () => {
    const shapes = interpolateTrack([keyframe(3, 'rectangle', [1, 2, 3, 4], { id: 9, occluded: true })], 6);
    assert.deepEqual(frames(shapes), [3, 4, 5]);
    for (const frame of [4, 5]) {
      const shape = at(shapes, frame);
      assert.deepEqual(shape.points, [1, 2, 3, 4]);
      assert.equal(shape.keyframe, false);
      assert.equal(shape.id, null);
      assert.equal(shape.occluded, true);
      assert.equal(shape.outside, false);
    }
    assert.deepEqual(frames(interpolateTrack([keyframe(3, 'polygon', [0, 0, 4, 0, 4, 4])], 4)), [3]);
  });

  it('repeats only rectangles and points after their last keyframe, as the reference does', () => {
    const cases: Array<[ShapeType, number[], number[]]> = [
      ['rectangle', [0, 0, 1, 1], [3, 4, 5]],
      ['points', [0, 0], [3, 4, 5]],
      ['polygon', [0, 0, 4, 0, 4, 4], [3]],
      ['polyline', [0, 0, 4, 0], [3]],
      ['cuboid', Array.from({ length: 16 }, (_, k) => k), [3]],
    ];
    for (const [type, points, expected] of cases) {
      assert.deepEqual(frames(interpolateTrack([keyframe(3, type, points)], 6)), expected, type);
    }
  });

  it('computes only the frames of a window, with the values of the full computation', () => {
    const track = [
      keyframe(0, 'rectangle', [0, 0, 10, 10]),
      keyframe(10, 'rectangle', [10, 20, 30, 40]),
      keyframe(12, 'rectangle', [0, 0, 5, 5], { outside: true }),
      keyframe(15, 'rectangle', [1, 1, 2, 2]),
    ];
    const full = interpolateTrack(track, 20);
    for (const window of [
      { start: 3, stop: 5 },
      { start: 8, stop: 16 },
      { start: 13, stop: 14 },
      { start: 17, stop: 30 },
    ]) {
      const windowed = interpolateTrack(track, 20, window);
      assert.deepEqual(
        windowed,
        full.filter((shape) => window.start <= shape.frame && shape.frame <= window.stop),
        JSON.stringify(window),
      );
    }
    assert.deepEqual(frames(interpolateTrack(track, 20, { start: 8, stop: 16 })), [8, 9, 10, 11, 12, 15, 16]);
    assert.deepEqual(frames(interpolateTrack(track, 20, { start: 17, stop: 30 })), [17, 18, 19]);
  });

  it('lets each keyframe inherit the attributes it lacks from the one before, interpolated ones included', () => {
    const track = [
      keyframe(4, 'rectangle', [0, 0, 1, 1]),
      keyframe(0, 'rectangle', [0, 0, 1, 1], {
        attributes: [
          { spec_id: 1, value: 'a' },
          { spec_id: 2, value: 'x' },
        ],
      }),
      keyframe(2, 'rectangle', [0, 0, 1, 1], { attributes: [{ spec_id: 1, value: 'b' }] }),
    ];
    const before = structuredClone(track);
    const shapes = interpolateTrack(track, 6);
    const values = (frame: number): Record<number, string> =>
      Object.fromEntries(
        at(shapes, frame).attributes.map((attribute) => [attribute.spec_id, attribute.value]),
      );

    assert.deepEqual(frames(shapes), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(values(0), { 1: 'a', 2: 'x' });
    assert.deepEqual(values(1), { 1: 'a', 2: 'x' });
    assert.deepEqual(values(2), { 1: 'b', 2: 'x' });
    assert.deepEqual(values(3), { 1: 'b', 2: 'x' });
    assert.deepEqual(values(4), { 1: 'b', 2: 'x' });
    assert.deepEqual(values(5), { 1: 'b', 2: 'x' });
    assert.deepEqual(track, before, 'the input is not changed');
  });

  it('inherits through outside keyframes, and inheritAttributes keeps own values first', () => {
    const inherited = inheritAttributes([
      keyframe(0, 'points', [0, 0], { attributes: [{ spec_id: 1, value: 'a' }] }),
      keyframe(1, 'points', [0, 0], { outside: true, attributes: [{ spec_id: 2, value: 'o' }] }),
      keyframe(3, 'points', [0, 0], { attributes: [{ spec_id: 2, value: 'p' }] }),
    ]);
    assert.deepEqual(
      inherited.map((shape) => shape.attributes),
      [
        [{ spec_id: 1, value: 'a' }],
        [
          { spec_id: 2, value: 'o' },
          { spec_id: 1, value: 'a' },
        ],
        [
          { spec_id: 2, value: 'p' },
          { spec_id: 1, value: 'a' },
        ],
      ],
    );
  });

  it('sorts keyframes by frame without changing the input', () => {
    const input = [{ frame: 5 }, { frame: 1 }, { frame: 3 }];
    assert.deepEqual(sortByFrame(input), [{ frame: 1 }, { frame: 3 }, { frame: 5 }]);
    assert.deepEqual(input, [{ frame: 5 }, { frame: 1 }, { frame: 3 }]);
  });

  it('refuses two consecutive keyframes of different types', () => {
    assert.throws(
      () =>
        interpolateTrack(
          [keyframe(0, 'rectangle', [0, 0, 1, 1]), keyframe(2, 'polygon', [0, 0, 1, 0, 1, 1])],
          5,
        ),
      TrackInterpolationError,
    );
    assert.throws(
      () =>
        interpolateTrack(
          [
            keyframe(0, 'points', [0, 0]),
            keyframe(1, 'points', [0, 0], { outside: true }),
            keyframe(2, 'polyline', [0, 0, 1, 1]),
          ],
          5,
        ),
      TrackInterpolationError,
    );
  });

  it('interpolates polygon and polyline keyframes with the curve algorithm', () => {
    const square = [0, 0, 10, 0, 10, 10, 0, 10];
    const moved = [20, 0, 30, 0, 30, 10, 20, 10];
    const polygon = interpolateTrack([keyframe(0, 'polygon', square), keyframe(4, 'polygon', moved)], 5);
    assertClose(at(polygon, 1).points, [5, 0, 15, 0, 15, 10, 5, 10]);
    assert.deepEqual(at(polygon, 3).points, interpolateCurve(square, moved, 0.75, true));

    const polyline = interpolateTrack(
      [keyframe(0, 'polyline', [0, 0, 10, 0]), keyframe(2, 'polyline', [0, 10, 5, 10, 10, 10])],
      3,
    );
    assertClose(at(polyline, 1).points, [0, 5, 2.5, 5, 10, 5]);
  });
});

/*
 * Curve cases worked out by hand from spec/annotations.md section 9 (relative arc positions,
 * matching, reduction thresholds); the comments give the intermediate values.
 */
describe('curve interpolation', () => {
  it('moves vertices straight across when both curves have matching vertices', () => {
    // Ring positions 0, .25, .5, .75, 1 on both sides: every left vertex has its own right vertex.
    assertClose(
      interpolateCurve([0, 0, 10, 0, 10, 10, 0, 10], [20, 4, 30, 4, 30, 14, 20, 14], 0.25, true),
      [5, 1, 15, 1, 15, 11, 5, 11],
    );
    assertClose(
      interpolateCurve([0, 0, 10, 0, 20, 0], [0, 10, 10, 10, 20, 10], 0.5, false),
      [0, 5, 10, 5, 20, 5],
    );
  });

  it('attaches an unmatched right vertex to the first of two equally near left vertices', () => {
    // Left positions 0, 1; right 0, .5, 1. Right vertex 1 (.5) ties between left 0 and 1 -> left 0,
    // which gets [0, 1]: produced (0,5), (2.5,5); threshold 5 / 4 keeps both.
    assertClose(interpolateCurve([0, 0, 10, 0], [0, 10, 5, 10, 10, 10], 0.5, false), [0, 5, 2.5, 5, 10, 5]);
  });

  it('keeps only the spread-out vertices produced by a left vertex with several matches', () => {
    // Right positions 0, .025, .5, 1: left 0 gets [0, 1, 2] (2 by the tie). Produced (0,5), (0.125,5),
    // (2.5,5); threshold 5 / 6 drops (0.125,5).
    assertClose(
      interpolateCurve([0, 0, 10, 0], [0, 10, 0.25, 10, 5, 10, 10, 10], 0.5, false),
      [0, 5, 2.5, 5, 10, 5],
    );
  });

  it('drops a run vertex closer than the threshold to the last kept one', () => {
    // Left positions 0, 1/24, 1/6, 1 all but the last match right vertex 0: run [0, 2] with length 2,
    // N = 3, threshold 1/3. Produced (0,5), (0.25,5), (1,5): the middle one is dropped.
    assertClose(
      interpolateCurve([0, 0, 0.5, 0, 2, 0, 12, 0], [0, 10, 12, 10], 0.5, false),
      [0, 5, 1, 5, 12, 5],
    );
  });

  it('collapses a two-vertex run closer than the threshold to its midpoint', () => {
    // Left 0 and 1 (positions 0, .1) share right vertex 0. At t = .8 they produce (0,8) and (0.2,8),
    // 0.2 apart, below the threshold 1 / 4: one vertex (0.1, 8).
    assertClose(interpolateCurve([0, 0, 1, 0, 10, 0], [0, 10, 10, 10], 0.8, false), [0.1, 8, 10, 8]);
    // At t = .6 they are 0.4 apart, not below 1 / 4: both stay.
    assertClose(interpolateCurve([0, 0, 1, 0, 10, 0], [0, 10, 10, 10], 0.6, false), [0, 6, 0.4, 6, 10, 6]);
  });

  it('closes polygons with their first vertex for matching and drops it from the result', () => {
    // Square (ring positions 0, .25, .5, .75, 1) to a pentagon with a vertex on the top edge
    // (0, .25, .5, .625, .75, 1): the extra vertex ties between left 2 and 3 and goes to left 2.
    const square = [0, 0, 10, 0, 10, 10, 0, 10];
    const pentagon = [20, 0, 30, 0, 30, 10, 25, 10, 20, 10];
    assertClose(interpolateCurve(square, pentagon, 0.5, true), [10, 0, 20, 0, 20, 10, 17.5, 10, 10, 10]);

    // The other way round at t = .9: left 2 and 3 (positions .5, .625) share right 2 and produce
    // (28,10) and (27.5,10), closer than 5 / 4: their midpoint replaces them.
    assertClose(
      interpolateCurve([0, 0, 10, 0, 10, 10, 5, 10, 0, 10], [20, 0, 30, 0, 30, 10, 20, 10], 0.9, true),
      [18, 0, 28, 0, 27.75, 10, 18, 10],
    );
  });

  it('matches an extra right vertex of a polyline to its nearest left vertex', () => {
    // Left positions 0, 1/3, 2/3, 1; right 0, 1/3, 2/3, 23/30, 1. Right 3 goes to left 2, which
    // produces (20,10) and (18.5,10), 1.5 apart, above the threshold 3 / 4: both kept.
    assertClose(
      interpolateCurve([0, 0, 10, 0, 10, 10, 0, 10], [20, 0, 30, 0, 30, 10, 27, 10, 20, 10], 0.5, false),
      [10, 0, 20, 0, 20, 10, 18.5, 10, 10, 10],
    );
  });
});

/* ---- golden: per-frame track shapes of the reference's CVAT for video export ---- */

interface XmlShape {
  type: ShapeType;
  frame: number;
  outside: boolean;
  occluded: boolean;
  keyframe: boolean;
  zOrder: number;
  points: number[];
  attributes: Record<string, string>;
}

interface XmlTrack {
  label: string;
  shapes: XmlShape[];
}

const XML_TYPES: Record<string, ShapeType> = {
  box: 'rectangle',
  polygon: 'polygon',
  polyline: 'polyline',
  points: 'points',
  cuboid: 'cuboid',
};
const FLAGS = new Set(['frame', 'outside', 'occluded', 'keyframe', 'z_order']);

const unescapeXml = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The `<track>` elements of a CVAT for video 1.1 file, in file order. */
function parseVideoXml(xml: string): XmlTrack[] {
  return [...xml.matchAll(/<track ([^>]*)>([\s\S]*?)<\/track>/g)].map(([, trackAttributes, body]) => ({
    label: unescapeXml(/label="([^"]*)"/.exec(trackAttributes)![1]),
    shapes: [...body.matchAll(/<(box|polygon|polyline|points|cuboid) ([^>]*)>([\s\S]*?)<\/\1>/g)].map(
      ([, element, attributeText, children]) => {
        const attributes = [...attributeText.matchAll(/([\w]+)="([^"]*)"/g)].map(([, name, value]) => [
          name,
          value,
        ]);
        const get = (name: string): string => attributes.find(([key]) => key === name)![1];
        const points =
          element === 'box' || element === 'cuboid'
            ? attributes.filter(([name]) => !FLAGS.has(name)).map(([, value]) => Number(value))
            : get('points')
                .split(';')
                .flatMap((pair) => pair.split(',').map(Number));
        return {
          type: XML_TYPES[element],
          frame: Number(get('frame')),
          outside: get('outside') === '1',
          occluded: get('occluded') === '1',
          keyframe: get('keyframe') === '1',
          zOrder: Number(get('z_order')),
          points,
          attributes: Object.fromEntries(
            [...children.matchAll(/<attribute name="([^"]*)">([\s\S]*?)<\/attribute>/g)].map(
              ([, name, value]) => [unescapeXml(name), unescapeXml(value)],
            ),
          ),
        };
      },
    ),
  }));
}

describe('track interpolation against the reference export (video task)', () => {
  const task = readFixture<FixtureTask>('tasks/video-task.json');
  const taskGet = readFixture<AnnotationDocument>('annotations-video-task-get.json');
  const put = readFixture<AnnotationDocument>('annotations-video.json');
  const xmlTracks = parseVideoXml(
    readFileSync(new URL('exports/video/CVAT_for_video_1.1/annotations.xml', FIXTURES), 'utf8'),
  );
  const labelName = new Map(task.labels.map((label) => [label.id, label.name]));
  const specName = new Map<number, string>(
    task.labels.flatMap((label) => label.attributes.map((spec): [number, string] => [spec.id, spec.name])),
  );

  /** The XML's 2-decimal coordinates: each within half a unit of the last place. */
  const HALF_CENT = 0.005 + 1e-9;

  function assertLike(
    track: Track,
    xml: XmlTrack,
    shapes: readonly InterpolatedShape[],
    options: { flags: boolean },
  ) {
    const what = `${labelName.get(track.label_id)} ${track.shapes[0].type} track from frame ${track.frame}`;
    assert.equal(xml.label, labelName.get(track.label_id), what);
    assert.deepEqual(
      shapes.map((shape) => shape.frame),
      xml.shapes.map((shape) => shape.frame),
      `${what}: frames`,
    );
    shapes.forEach((shape, k) => {
      const expected = xml.shapes[k];
      const where = `${what}, frame ${shape.frame}`;
      assert.equal(shape.type, expected.type, where);
      assert.equal(shape.outside, expected.outside, `${where}: outside`);
      assert.equal(shape.occluded, expected.occluded, `${where}: occluded`);
      assert.equal(shape.z_order, expected.zOrder, `${where}: z_order`);
      assertClose(shape.points, expected.points, HALF_CENT, where);
      if (options.flags) {
        assert.equal(shape.keyframe, expected.keyframe, `${where}: keyframe`);
        const attributes = Object.fromEntries(
          [...shape.attributes, ...track.attributes].map((attribute): [string, string] => [
            specName.get(attribute.spec_id) ?? `spec ${attribute.spec_id}`,
            attribute.value,
          ]),
        );
        assert.deepEqual(attributes, expected.attributes, `${where}: attributes`);
      }
    });
  }

  // The export lists the task's tracks first, in task order (formats.md, CVAT for video).
  const exported = taskGet.tracks.map((track, k) => ({ track, xml: xmlTracks[k] }));

  it('has the same per-frame polygon, polyline and rectangle shapes as the merged task document', () => {
    const checked = exported.filter(({ track }) =>
      ['polygon', 'polyline', 'rectangle'].includes(track.shapes[0].type),
    );
    assert.deepEqual(checked.map(({ track }) => track.shapes[0].type).sort(), [
      'polygon',
      'polyline',
      'rectangle',
    ]);
    for (const { track, xml } of checked) {
      assertLike(track, xml, interpolateTrack(track.shapes, task.size), { flags: true });
    }
  });

  it('has the same per-frame points and cuboid shapes, to the end of the task', () => {
    // The cuboid track with id 39 (keyframes 40 and 48, not outside) shows that the reference ends
    // a cuboid track at its last keyframe: the export has no cuboid on frame 49.
    const checked = exported.filter(({ track }) => ['points', 'cuboid'].includes(track.shapes[0].type));
    assert.equal(checked.length, 4);
    for (const { track, xml } of checked) {
      assertLike(track, xml, interpolateTrack(track.shapes, task.size), { flags: true });
    }
  });

  it('gives the document that was PUT the same geometry as the export, frame by frame', () => {
    // The PUT tracks lack the keyframes the job split added, so keyframe flags differ; geometry does not.
    const checked = put.tracks.filter((track) =>
      ['polygon', 'polyline', 'rectangle'].includes(track.shapes[0].type),
    );
    assert.equal(checked.length, 3);
    for (const track of checked) {
      const first = sortByFrame(track.shapes)[0];
      const matching = xmlTracks.filter(
        (xml) =>
          xml.label === labelName.get(track.label_id) &&
          xml.shapes[0].type === first.type &&
          xml.shapes[0].frame === first.frame &&
          xml.shapes[0].points.every((value, k) => Math.abs(value - first.points[k]) < HALF_CENT),
      );
      assert.equal(matching.length, 1);
      assertLike(track, matching[0], interpolateTrack(track.shapes, task.size), { flags: false });
    }
  });
});
