import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type {
  AnnotationDocument,
  AnnotationLists,
  AttributeSpecInfo,
  LabelInfo,
  Shape,
  Tag,
  Track,
  TrackedShape,
} from '../../src/annotations/document/annotation-document.js';
import {
  completeLists,
  completeObjectAttributes,
  completeTrack,
} from '../../src/annotations/read/attribute-completion.js';
import { readFixture, type FixtureTask } from '../support/annotations/fixture-documents.js';

const spec = (id: number, mutable: boolean, defaultValue: string): AttributeSpecInfo => ({
  id,
  mutable,
  defaultValue,
});

const label = (id: number, ...specs: AttributeSpecInfo[]): LabelInfo => ({
  id,
  attributes: new Map(specs.map((attribute) => [attribute.id, attribute])),
});

// car: colour (immutable, default red), parked (mutable, default false), note (mutable, default '').
const CAR = label(1, spec(10, false, 'red'), spec(11, true, 'false'), spec(12, true, ''));
const LABELS = new Map([[1, CAR]]);

const tag = (attributes: Tag['attributes'], label_id = 1): Tag => ({
  id: 1,
  frame: 0,
  label_id,
  group: null,
  source: 'manual',
  attributes,
});

const keyframe = (frame: number, attributes: TrackedShape['attributes'], outside = false): TrackedShape => ({
  id: frame,
  frame,
  type: 'rectangle',
  occluded: false,
  z_order: 0,
  outside,
  points: [0, 0, 1, 1],
  attributes,
});

const track = (attributes: Track['attributes'], shapes: TrackedShape[], label_id = 1): Track => ({
  id: 7,
  frame: Math.min(...shapes.map((shape) => shape.frame)),
  label_id,
  group: null,
  source: 'manual',
  attributes,
  shapes,
});

const byId = (attributes: ReadonlyArray<{ spec_id: number; value: string }>): Record<number, string> =>
  Object.fromEntries(attributes.map((attribute) => [attribute.spec_id, attribute.value]));

describe('attribute completion: tags and shapes', () => {
  it('adds every attribute of the label the object lacks, mutable or not, with its default', () => {
    assert.deepEqual(completeObjectAttributes(tag([]), CAR), [
      { spec_id: 10, value: 'red' },
      { spec_id: 11, value: 'false' },
      { spec_id: 12, value: '' },
    ]);
  });

  it('keeps the values given, first and as they are', () => {
    const given = [
      { spec_id: 11, value: 'true' },
      { spec_id: 10, value: 'not one of the values' },
    ];
    const object = tag(given);
    assert.deepEqual(completeObjectAttributes(object, CAR), [...given, { spec_id: 12, value: '' }]);
    assert.deepEqual(object.attributes, given, 'the input is not changed');
    assert.deepEqual(
      completeObjectAttributes(tag([]), label(2)),
      [],
      'a label without attributes adds nothing',
    );
  });
});

describe('attribute completion: tracks', () => {
  it('completes immutable attributes on the track and mutable ones on its shapes only', () => {
    const completed = completeTrack(track([], [keyframe(0, [])]), CAR);
    assert.deepEqual(completed.attributes, [{ spec_id: 10, value: 'red' }]);
    assert.deepEqual(byId(completed.shapes[0].attributes), { 11: 'false', 12: '' });
  });

  it('carries mutable values forward from the shape before, in frame order', () => {
    const input = track(
      [{ spec_id: 10, value: 'blue' }],
      [
        keyframe(20, [{ spec_id: 12, value: 'later' }]),
        keyframe(5, [{ spec_id: 11, value: 'true' }]),
        keyframe(0, []),
        keyframe(30, [], true),
        keyframe(10, []),
      ],
    );
    const before = structuredClone(input);
    const completed = completeTrack(input, CAR);

    assert.deepEqual(completed.attributes, [{ spec_id: 10, value: 'blue' }]);
    assert.deepEqual(
      completed.shapes.map((shape) => [shape.frame, byId(shape.attributes)]),
      [
        [0, { 11: 'false', 12: '' }],
        [5, { 11: 'true', 12: '' }],
        [10, { 11: 'true', 12: '' }],
        [20, { 11: 'true', 12: 'later' }],
        [30, { 11: 'true', 12: 'later' }],
      ],
    );
    assert.deepEqual(input, before, 'the input is not changed');
  });

  it('keeps what each shape says itself, before what it is given', () => {
    const completed = completeTrack(
      track(
        [],
        [
          keyframe(0, [
            { spec_id: 12, value: 'a' },
            { spec_id: 11, value: 'true' },
          ]),
          keyframe(1, [{ spec_id: 11, value: 'false' }]),
        ],
      ),
      CAR,
    );
    assert.deepEqual(completed.shapes[1].attributes, [
      { spec_id: 11, value: 'false' },
      { spec_id: 12, value: 'a' },
    ]);
  });
});

describe('attribute completion: documents', () => {
  it('completes every list, and leaves objects of unknown labels alone apart from shape order', () => {
    const shape: Shape = { ...tag([]), type: 'points', occluded: false, z_order: 0, points: [1, 1] };
    const unknownTrack = track([], [keyframe(3, []), keyframe(1, [])], 99);
    const lists: AnnotationLists = {
      tags: [tag([]), tag([], 99)],
      shapes: [shape],
      tracks: [track([], [keyframe(0, [])]), unknownTrack],
    };
    const completed = completeLists(lists, LABELS);

    assert.equal(completed.tags[0].attributes.length, 3);
    assert.deepEqual(completed.tags[1], lists.tags[1]);
    assert.deepEqual(byId(completed.shapes[0].attributes), { 10: 'red', 11: 'false', 12: '' });
    assert.deepEqual(byId(completed.tracks[0].attributes), { 10: 'red' });
    assert.deepEqual(completed.tracks[1], {
      ...unknownTrack,
      shapes: [unknownTrack.shapes[1], unknownTrack.shapes[0]],
    });
  });

  it('leaves the documents the reference returned as they are: they are complete already', () => {
    for (const kind of ['images', 'video'] as const) {
      const task = readFixture<FixtureTask>(`tasks/${kind}-task.json`);
      const labels = new Map(
        task.labels.map((fixtureLabel) => [
          fixtureLabel.id,
          label(
            fixtureLabel.id,
            ...fixtureLabel.attributes.map((attribute) =>
              spec(attribute.id, attribute.mutable, attribute.default_value),
            ),
          ),
        ]),
      );
      const jobCount = kind === 'images' ? 2 : 3;
      const names = [
        `annotations-${kind}-task-get.json`,
        ...Array.from({ length: jobCount }, (_, n) => `annotations-${kind}-job-${n}-get.json`),
      ];
      for (const name of names) {
        const recorded = readFixture<AnnotationDocument>(name);
        const { tags, shapes, tracks } = recorded;
        assert.deepEqual(completeLists({ tags, shapes, tracks }, labels), { tags, shapes, tracks }, name);
      }
    }
  });

  it('fills in what the reference filled in for the objects PUT without some attributes', () => {
    // The video task's PUT omits `parked` on the car polygon of frame 35 and on the first keyframe
    // of the cuboid track; its job GETs show them with the default, then carried forward.
    const task = readFixture<FixtureTask>('tasks/video-task.json');
    const car = task.labels.find((fixtureLabel) => fixtureLabel.name === 'car')!;
    const carInfo = label(car.id, ...car.attributes.map((a) => spec(a.id, a.mutable, a.default_value)));
    const parked = car.attributes.find((attribute) => attribute.name === 'parked')!.id;
    const put = readFixture<AnnotationDocument>('annotations-video.json');
    const job1 = readFixture<AnnotationDocument>('annotations-video-job-1-get.json');

    const polygon = put.shapes.find((object) => object.frame === 35 && object.type === 'polygon')!;
    const recordedPolygon = job1.shapes.find((object) => object.frame === 35 && object.type === 'polygon')!;
    assert.equal(byId(polygon.attributes)[parked], undefined);
    assert.deepEqual(byId(completeObjectAttributes(polygon, carInfo)), byId(recordedPolygon.attributes));

    const cuboidTrack = put.tracks.find((object) => object.shapes[0].type === 'cuboid')!;
    const completed = completeTrack(cuboidTrack, carInfo);
    const recordedFirst = job1.tracks.find((object) => object.shapes[0].type === 'cuboid')!.shapes[0];
    assert.equal(byId(cuboidTrack.shapes[0].attributes)[parked], undefined);
    assert.deepEqual(byId(completed.shapes[0].attributes), byId(recordedFirst.attributes));
    assert.deepEqual(byId(completed.shapes[1].attributes), byId(cuboidTrack.shapes[1].attributes));
  });
});
