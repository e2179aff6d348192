import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type {
  AnnotationContext,
  AnnotationLists,
  AttributeSpecInfo,
  AttributeValue,
  Shape,
  Tag,
  Track,
  TrackedShape,
} from '../../src/annotations/document/annotation-document.js';
import { checkAnnotationRules, checkUniqueIds } from '../../src/annotations/document/document-rules.js';
import { PlainMessageError } from '../../src/common/errors/domain-errors.js';
import { toErrorResponse } from '../../src/common/errors/error-response.js';

// Two labels, each with one immutable and one mutable attribute, in a task of ten frames.
const CAR = 1;
const PERSON = 2;
const COLOUR = 10; // car, immutable
const PARKED = 11; // car, mutable
const GENDER = 20; // person, immutable
const POSE = 21; // person, mutable
const FRAMES = 10;

function spec(id: number, mutable: boolean): [number, AttributeSpecInfo] {
  return [id, { id, mutable, defaultValue: '' }];
}

function taskWithFrames(size: number): AnnotationContext {
  return {
    labels: new Map([
      [CAR, { id: CAR, attributes: new Map([spec(COLOUR, false), spec(PARKED, true)]) }],
      [PERSON, { id: PERSON, attributes: new Map([spec(GENDER, false), spec(POSE, true)]) }],
    ]),
    size,
  };
}

const TASK = taskWithFrames(FRAMES);

const value = (spec_id: number, text = 'x'): AttributeValue => ({ spec_id, value: text });

const tag = (fields: Partial<Tag> = {}): Tag => ({
  id: null,
  frame: 0,
  label_id: CAR,
  group: null,
  source: 'manual',
  attributes: [],
  ...fields,
});

const shape = (fields: Partial<Shape> = {}): Shape => ({
  id: null,
  frame: 0,
  label_id: CAR,
  group: null,
  source: 'manual',
  type: 'rectangle',
  occluded: false,
  z_order: 0,
  points: [0, 0, 10, 10],
  attributes: [],
  ...fields,
});

const keyframe = (frame: number, fields: Partial<TrackedShape> = {}): TrackedShape => ({
  id: null,
  frame,
  type: 'rectangle',
  occluded: false,
  outside: false,
  z_order: 0,
  points: [0, 0, 10, 10],
  attributes: [],
  ...fields,
});

const track = (fields: Partial<Track> = {}): Track => ({
  id: null,
  frame: 0,
  label_id: CAR,
  group: null,
  source: 'manual',
  attributes: [],
  shapes: [keyframe(0)],
  ...fields,
});

const lists = (fields: Partial<AnnotationLists>): AnnotationLists => ({
  tags: [],
  shapes: [],
  tracks: [],
  ...fields,
});

/** Asserts a 400 whose body is the bare JSON string `message`, as CVAT answers failed saves. */
function assertRefused(check: () => void, message: string): void {
  assert.throws(check, (error: unknown) => {
    assert.ok(error instanceof PlainMessageError, `expected a PlainMessageError, got ${String(error)}`);
    assert.equal(error.kind, 'invalid');
    assert.equal(error.message, message);
    assert.deepEqual(toErrorResponse(error), { status: 400, body: message });
    return true;
  });
}

const refusedByRules = (document: AnnotationLists, message: string, context = TASK): void =>
  assertRefused(() => checkAnnotationRules(document, context), message);

describe('annotation rules: valid documents', () => {
  it('accepts an empty document, even for a task with no frames', () => {
    checkAnnotationRules(lists({}), TASK);
    checkAnnotationRules(lists({}), taskWithFrames(0));
  });

  it('accepts tags and shapes carrying both mutable and immutable attributes of their label', () => {
    checkAnnotationRules(
      lists({
        tags: [tag({ attributes: [value(COLOUR), value(PARKED)] })],
        shapes: [
          shape({ label_id: PERSON, attributes: [value(POSE), value(GENDER)] }),
          shape({ attributes: [value(PARKED)] }),
        ],
      }),
      TASK,
    );
  });

  it('accepts a track with immutable attributes on itself and mutable ones on its keyframes', () => {
    checkAnnotationRules(
      lists({
        tracks: [
          track({
            attributes: [value(COLOUR)],
            shapes: [keyframe(0, { attributes: [value(PARKED, 'true')] }), keyframe(4, { attributes: [] })],
          }),
        ],
      }),
      TASK,
    );
  });

  it('accepts the first and the last frame of the task for every kind of object', () => {
    for (const frame of [0, FRAMES - 1]) {
      checkAnnotationRules(
        lists({
          tags: [tag({ frame })],
          shapes: [shape({ frame })],
          tracks: [track({ frame, shapes: [keyframe(frame)] })],
        }),
        TASK,
      );
    }
  });

  it('accepts keyframes of different tracks on the same frame', () => {
    checkAnnotationRules(
      lists({
        tracks: [
          track({ shapes: [keyframe(0), keyframe(3)] }),
          track({ shapes: [keyframe(0), keyframe(3)] }),
        ],
      }),
      TASK,
    );
  });

  it('accepts the same attribute on different objects and on different keyframes of one track', () => {
    checkAnnotationRules(
      lists({
        tags: [tag({ attributes: [value(COLOUR)] }), tag({ attributes: [value(COLOUR)] })],
        shapes: [shape({ attributes: [value(COLOUR)] })],
        tracks: [
          track({
            attributes: [value(COLOUR)],
            shapes: [
              keyframe(0, { attributes: [value(PARKED)] }),
              keyframe(1, { attributes: [value(PARKED)] }),
            ],
          }),
        ],
      }),
      TASK,
    );
  });

  it('accepts any number of objects without ids, and the same id on objects of different kinds', () => {
    const document = lists({
      tags: [tag(), tag(), tag({ id: 5 })],
      shapes: [shape(), shape({ id: 5 })],
      tracks: [track({ id: 5, shapes: [keyframe(0, { id: 5 }), keyframe(1)] }), track()],
    });
    checkUniqueIds(document);
    checkAnnotationRules(document, TASK);
  });

  it('accepts a track whose keyframes all share one type other than rectangle', () => {
    const points = [0, 0, 1, 0, 1, 1];
    checkAnnotationRules(
      lists({
        tracks: [
          track({
            shapes: [keyframe(0, { type: 'polygon', points }), keyframe(2, { type: 'polygon', points })],
          }),
        ],
      }),
      TASK,
    );
  });
});

describe('annotation rules: labels and attributes', () => {
  it('refuses a tag, a shape or a track whose label is not a label of the task', () => {
    const message = 'label_id `99` is invalid';
    refusedByRules(lists({ tags: [tag({ label_id: 99 })] }), message);
    refusedByRules(lists({ shapes: [shape({ label_id: 99 })] }), message);
    refusedByRules(lists({ tracks: [track({ label_id: 99 })] }), message);
  });

  it('refuses an attribute that no label of the task has', () => {
    const message = 'spec_id `77` is invalid';
    refusedByRules(lists({ tags: [tag({ attributes: [value(77)] })] }), message);
    refusedByRules(lists({ shapes: [shape({ attributes: [value(77)] })] }), message);
    refusedByRules(lists({ tracks: [track({ attributes: [value(77)] })] }), message);
    refusedByRules(
      lists({ tracks: [track({ shapes: [keyframe(0, { attributes: [value(77)] })] })] }),
      message,
    );
  });

  it("refuses an attribute of another label than the object's own", () => {
    refusedByRules(
      lists({ tags: [tag({ label_id: CAR, attributes: [value(GENDER)] })] }),
      'spec_id `20` is invalid',
    );
    refusedByRules(
      lists({ shapes: [shape({ label_id: PERSON, attributes: [value(PARKED)] })] }),
      'spec_id `11` is invalid',
    );
    refusedByRules(
      lists({ tracks: [track({ label_id: PERSON, attributes: [value(COLOUR)] })] }),
      'spec_id `10` is invalid',
    );
    refusedByRules(
      lists({
        tracks: [track({ label_id: PERSON, shapes: [keyframe(0, { attributes: [value(PARKED)] })] })],
      }),
      'spec_id `11` is invalid',
    );
  });

  it('refuses a mutable attribute on the track itself, where only immutable ones belong', () => {
    refusedByRules(lists({ tracks: [track({ attributes: [value(PARKED)] })] }), 'spec_id `11` is invalid');
  });

  it('refuses an immutable attribute on a track keyframe, where only mutable ones belong', () => {
    refusedByRules(
      lists({ tracks: [track({ shapes: [keyframe(0), keyframe(1, { attributes: [value(COLOUR)] })] })] }),
      'spec_id `10` is invalid',
    );
  });

  it('refuses the same attribute given twice for one object or keyframe', () => {
    const twice = [value(COLOUR, 'red'), value(PARKED), value(COLOUR, 'blue')];
    refusedByRules(
      lists({ tags: [tag({ attributes: twice })] }),
      'spec_id `10` is given twice for one object',
    );
    refusedByRules(
      lists({ shapes: [shape({ attributes: twice })] }),
      'spec_id `10` is given twice for one object',
    );
    refusedByRules(
      lists({ tracks: [track({ attributes: [value(COLOUR), value(COLOUR)] })] }),
      'spec_id `10` is given twice for one object',
    );
    refusedByRules(
      lists({ tracks: [track({ shapes: [keyframe(0, { attributes: [value(PARKED), value(PARKED)] })] })] }),
      'spec_id `11` is given twice for one object',
    );
  });
});

describe('annotation rules: frames', () => {
  it("refuses a tag, a shape, a track or a keyframe on a frame past the task's last", () => {
    const message = "frame `10` is invalid: the task's frames are 0 to 9";
    refusedByRules(lists({ tags: [tag({ frame: 10 })] }), message);
    refusedByRules(lists({ shapes: [shape({ frame: 10 })] }), message);
    refusedByRules(lists({ tracks: [track({ frame: 10 })] }), message);
    refusedByRules(lists({ tracks: [track({ shapes: [keyframe(0), keyframe(10)] })] }), message);
  });

  it('names the single valid frame of a one-frame task', () => {
    refusedByRules(
      lists({ shapes: [shape({ frame: 1 })] }),
      "frame `1` is invalid: the task's frames are 0 to 0",
      {
        ...TASK,
        size: 1,
      },
    );
  });

  it('refuses every frame, 0 included, of a task that has no frames', () => {
    const empty = taskWithFrames(0);
    refusedByRules(
      lists({ tags: [tag({ frame: 0 })] }),
      'frame `0` is invalid: the task has no frames',
      empty,
    );
    refusedByRules(
      lists({ shapes: [shape({ frame: 3 })] }),
      'frame `3` is invalid: the task has no frames',
      empty,
    );
    refusedByRules(lists({ tracks: [track()] }), 'frame `0` is invalid: the task has no frames', empty);
  });

  it('refuses a track with two keyframes on the same frame', () => {
    refusedByRules(
      lists({ tracks: [track({ shapes: [keyframe(3), keyframe(5), keyframe(3)] })] }),
      'a track has more than one keyframe on frame `3`',
    );
  });
});

describe('annotation rules: keyframe types', () => {
  it("refuses a track whose keyframes differ in type, naming the first keyframe's type first", () => {
    refusedByRules(
      lists({
        tracks: [
          track({ shapes: [keyframe(0), keyframe(1, { type: 'polygon', points: [0, 0, 1, 0, 1, 1] })] }),
        ],
      }),
      'a track mixes keyframe types `rectangle` and `polygon`',
    );
    refusedByRules(
      lists({
        tracks: [
          track({
            shapes: [
              keyframe(0, { type: 'points', points: [1, 1] }),
              keyframe(1, { type: 'points', points: [2, 2] }),
              keyframe(2),
            ],
          }),
        ],
      }),
      'a track mixes keyframe types `points` and `rectangle`',
    );
  });
});

describe('annotation rules: ids', () => {
  it('refuses an id given to two objects of the same kind', () => {
    refusedByRules(
      lists({ tags: [tag({ id: 5 }), tag(), tag({ id: 5 })] }),
      'tag id `5` appears more than once',
    );
    refusedByRules(
      lists({ shapes: [shape({ id: 6 }), shape({ id: 6 })] }),
      'shape id `6` appears more than once',
    );
    refusedByRules(
      lists({ tracks: [track({ id: 7 }), track({ id: 7 })] }),
      'track id `7` appears more than once',
    );
  });

  it('refuses a keyframe id given twice, within one track or across tracks', () => {
    refusedByRules(
      lists({ tracks: [track({ shapes: [keyframe(0, { id: 8 }), keyframe(1, { id: 8 })] })] }),
      'track shape id `8` appears more than once',
    );
    refusedByRules(
      lists({
        tracks: [track({ shapes: [keyframe(0, { id: 8 })] }), track({ shapes: [keyframe(0, { id: 8 })] })],
      }),
      'track shape id `8` appears more than once',
    );
  });

  it('checks ids on their own, without the labels and frames a delete does not need', () => {
    checkUniqueIds(lists({ tags: [tag({ id: 1, label_id: 99, frame: 1000 })] }));
    assertRefused(
      () => checkUniqueIds(lists({ shapes: [shape({ id: 2, label_id: 99 }), shape({ id: 2 })] })),
      'shape id `2` appears more than once',
    );
  });

  it('reports repeated ids by kind in the order tags, shapes, tracks, keyframes', () => {
    const tagTwice = [tag({ id: 1 }), tag({ id: 1 })];
    const shapeTwice = [shape({ id: 2 }), shape({ id: 2 })];
    const trackTwice = [track({ id: 3 }), track({ id: 3 })];
    const keyframeTwice = [track({ shapes: [keyframe(0, { id: 4 }), keyframe(1, { id: 4 })] })];
    refusedByRules(
      lists({ tags: tagTwice, shapes: shapeTwice, tracks: [...trackTwice, ...keyframeTwice] }),
      'tag id `1` appears more than once',
    );
    refusedByRules(
      lists({ shapes: shapeTwice, tracks: [...keyframeTwice, ...trackTwice] }),
      'shape id `2` appears more than once',
    );
    refusedByRules(
      lists({ tracks: [...keyframeTwice, ...trackTwice] }),
      'track id `3` appears more than once',
    );
  });
});

describe('annotation rules: which violation is reported when there are several', () => {
  it('reports repeated ids before anything about labels, frames or attributes', () => {
    refusedByRules(
      lists({
        tags: [tag({ label_id: 99, frame: 50, attributes: [value(77)] })],
        tracks: [track({ shapes: [keyframe(0, { id: 4 }), keyframe(0, { id: 4 })] })],
      }),
      'track shape id `4` appears more than once',
    );
  });

  it('checks tags before shapes and shapes before tracks, whatever comes first in the request', () => {
    refusedByRules(
      lists({
        tracks: [track({ label_id: 97 })],
        shapes: [shape({ label_id: 98 })],
        tags: [tag({ frame: 10 })],
      }),
      "frame `10` is invalid: the task's frames are 0 to 9",
    );
    refusedByRules(
      lists({ shapes: [shape({ attributes: [value(77)] })], tracks: [track({ label_id: 97 })] }),
      'spec_id `77` is invalid',
    );
  });

  it('checks the objects of one list in request order', () => {
    refusedByRules(
      lists({ shapes: [shape(), shape({ frame: 12 }), shape({ label_id: 99 })] }),
      "frame `12` is invalid: the task's frames are 0 to 9",
    );
  });

  it('checks the label of an object before its frame, and its frame before its attributes', () => {
    refusedByRules(
      lists({ tags: [tag({ label_id: 99, frame: 12, attributes: [value(77)] })] }),
      'label_id `99` is invalid',
    );
    refusedByRules(
      lists({ tags: [tag({ frame: 12, attributes: [value(77)] })] }),
      "frame `12` is invalid: the task's frames are 0 to 9",
    );
  });

  it('checks the attributes of an object one by one: each is known before it may repeat an earlier one', () => {
    refusedByRules(
      lists({ shapes: [shape({ attributes: [value(COLOUR), value(COLOUR), value(77)] })] }),
      'spec_id `10` is given twice for one object',
    );
    refusedByRules(
      lists({ shapes: [shape({ attributes: [value(COLOUR), value(77), value(COLOUR)] })] }),
      'spec_id `77` is invalid',
    );
    refusedByRules(
      lists({ shapes: [shape({ attributes: [value(77), value(77)] })] }),
      'spec_id `77` is invalid',
    );
  });

  it("checks a track's own label, frame and attributes before its keyframes", () => {
    refusedByRules(
      lists({ tracks: [track({ attributes: [value(PARKED)], shapes: [keyframe(11), keyframe(11)] })] }),
      'spec_id `11` is invalid',
    );
    refusedByRules(
      lists({ tracks: [track({ frame: 15, shapes: [keyframe(11)] })] }),
      "frame `15` is invalid: the task's frames are 0 to 9",
    );
  });

  it('checks that a keyframe is in range before checking that its frame is not repeated', () => {
    refusedByRules(
      lists({ tracks: [track({ shapes: [keyframe(20), keyframe(20)] })] }),
      "frame `20` is invalid: the task's frames are 0 to 9",
    );
  });

  it('checks that a keyframe frame is not repeated before checking its type', () => {
    refusedByRules(
      lists({ tracks: [track({ shapes: [keyframe(3), keyframe(3, { type: 'points', points: [1, 1] })] })] }),
      'a track has more than one keyframe on frame `3`',
    );
  });

  it('checks the type of a keyframe before its attributes', () => {
    refusedByRules(
      lists({
        tracks: [
          track({
            shapes: [keyframe(0), keyframe(1, { type: 'points', points: [1, 1], attributes: [value(77)] })],
          }),
        ],
      }),
      'a track mixes keyframe types `rectangle` and `points`',
    );
  });

  it('checks each keyframe completely, attributes included, before the next keyframe', () => {
    refusedByRules(
      lists({ tracks: [track({ shapes: [keyframe(0, { attributes: [value(COLOUR)] }), keyframe(30)] })] }),
      'spec_id `10` is invalid',
    );
    refusedByRules(
      lists({ tracks: [track({ shapes: [keyframe(0, { attributes: [value(PARKED)] }), keyframe(0)] })] }),
      'a track has more than one keyframe on frame `0`',
    );
  });

  it('checks each track completely, keyframes included, before the next track', () => {
    refusedByRules(
      lists({ tracks: [track({ shapes: [keyframe(0), keyframe(40)] }), track({ label_id: 99 })] }),
      "frame `40` is invalid: the task's frames are 0 to 9",
    );
  });
});
