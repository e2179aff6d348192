import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { AnnotationDocument } from '../../src/annotations/document/annotation-document.js';
import { parseAnnotationDocument } from '../../src/annotations/document/document-parser.js';
import { MAX_POINT_COORDINATES } from '../../src/annotations/document/shape-points.js';
import { FieldValidationError, type FieldErrors } from '../../src/common/errors/domain-errors.js';
import { toErrorResponse } from '../../src/common/errors/error-response.js';

type Json = Record<string, unknown>;

// The exact texts of CVAT's serializers; written out so that a changed text fails here.
const REQUIRED = 'This field is required.';
const NOT_NULL = 'This field may not be null.';
const INTEGER = 'A valid integer is required.';
const NUMBER = 'A valid number is required.';
const BOOLEAN = 'Must be a valid boolean.';
const NOT_A_STRING = 'Not a valid string.';
const EMPTY_LIST = 'This list may not be empty.';
const AT_LEAST_ZERO = 'Ensure this value is greater than or equal to 0.';
const AT_LEAST_INT32_MIN = 'Ensure this value is greater than or equal to -2147483648.';
const AT_MOST_INT32_MAX = 'Ensure this value is less than or equal to 2147483647.';
const TOO_LONG = 'Ensure this field has no more than 4096 characters.';
const notAList = (type: string) => `Expected a list of items but got type "${type}".`;
const notADict = (type: string) => `Invalid data. Expected a dictionary, but got ${type}.`;
const notAChoice = (text: string) => `"${text}" is not a valid choice.`;

const MISSING = Symbol('missing key');

/** How a test name says a shape type: "a points shape" rather than "a points". */
const named = (type: string): string => (type === 'points' ? 'points shape' : type);

/** `base` with `fields` laid over it; a field given as MISSING is removed. */
function withFields(base: Json, fields: Json): Json {
  const result = { ...base };
  for (const [key, value] of Object.entries(fields)) {
    if (value === MISSING) delete result[key];
    else result[key] = value;
  }
  return result;
}

/** A copy of `record` with `key` set to `value`, or removed when `value` is MISSING. */
const withField = (record: Json, key: string, value: unknown): Json => withFields(record, { [key]: value });

const tag = (fields: Json = {}): Json =>
  withFields({ frame: 0, label_id: 1, group: null, attributes: [] }, fields);
const shape = (fields: Json = {}): Json =>
  withFields(
    {
      frame: 0,
      label_id: 1,
      group: null,
      type: 'rectangle',
      occluded: false,
      points: [0, 0, 10, 10],
      attributes: [],
    },
    fields,
  );
const keyframe = (fields: Json = {}): Json =>
  withFields(
    { frame: 0, type: 'rectangle', occluded: false, outside: false, points: [0, 0, 10, 10], attributes: [] },
    fields,
  );
const track = (fields: Json = {}): Json =>
  withFields({ frame: 0, label_id: 1, group: null, attributes: [], shapes: [keyframe()] }, fields);
const attribute = (fields: Json = {}): Json => withFields({ spec_id: 1, value: 'x' }, fields);
const documentWith = (fields: Json = {}): Json =>
  withFields({ version: 1, tags: [], shapes: [], tracks: [] }, fields);

function assertRejected(body: unknown, expected: FieldErrors): void {
  assert.throws(
    () => parseAnnotationDocument(body),
    (error: unknown) => {
      assert.ok(
        error instanceof FieldValidationError,
        `expected a FieldValidationError, got ${String(error)}`,
      );
      assert.deepEqual(toErrorResponse(error), { status: 400, body: expected });
      return true;
    },
  );
}

/** Where an object of each kind sits in a document, and where its field errors land. */
interface Placement {
  readonly kind: string;
  readonly build: (fields?: Json) => Json;
  readonly place: (object: Json) => Json;
  readonly errorsAt: (errors: FieldErrors) => FieldErrors;
}

const TAG: Placement = {
  kind: 'tag',
  build: tag,
  place: (object) => documentWith({ tags: [object] }),
  errorsAt: (errors) => ({ tags: [errors] }),
};
const SHAPE: Placement = {
  kind: 'shape',
  build: shape,
  place: (object) => documentWith({ shapes: [object] }),
  errorsAt: (errors) => ({ shapes: [errors] }),
};
const TRACK: Placement = {
  kind: 'track',
  build: track,
  place: (object) => documentWith({ tracks: [object] }),
  errorsAt: (errors) => ({ tracks: [errors] }),
};
const KEYFRAME: Placement = {
  kind: 'track keyframe',
  build: keyframe,
  place: (object) => documentWith({ tracks: [track({ shapes: [object] })] }),
  errorsAt: (errors) => ({ tracks: [{ shapes: [errors] }] }),
};

type Case = readonly [description: string, value: unknown, message: string];

const NON_NEGATIVE_INTEGER_CASES: readonly Case[] = [
  ['is missing', MISSING, REQUIRED],
  ['is null', null, NOT_NULL],
  ['is text of a fraction', '3.5', INTEGER],
  ['is a boolean', true, INTEGER],
  ['is a fraction', 1.5, INTEGER],
  ['is a list', [1], INTEGER],
  ['is negative', -1, AT_LEAST_ZERO],
  ['exceeds 32 bits', 2 ** 31, AT_MOST_INT32_MAX],
  ['exceeds 53 bits', 2 ** 60, AT_MOST_INT32_MAX],
];

const GROUP_CASES: readonly Case[] = [
  ['is missing (it is required even though it may be null)', MISSING, REQUIRED],
  ['is text of a fraction', '2.5', INTEGER],
  ['is a boolean', false, INTEGER],
  ['is negative', -1, AT_LEAST_ZERO],
  ['exceeds 32 bits', 2 ** 31, AT_MOST_INT32_MAX],
];

const ID_CASES: readonly Case[] = [
  ['is text of a fraction', '5.5', INTEGER],
  ['is a boolean', true, INTEGER],
  ['is a fraction', 5.5, INTEGER],
  ['is negative', -1, AT_LEAST_ZERO],
  ['exceeds 32 bits', 2 ** 31, AT_MOST_INT32_MAX],
];

const Z_ORDER_CASES: readonly Case[] = [
  ['is null (only a missing key takes the default 0)', null, NOT_NULL],
  ['is text of a fraction', '1.5', INTEGER],
  ['is a boolean', false, INTEGER],
  ['is a fraction', 0.5, INTEGER],
  ['is above the 32-bit range', 2 ** 31, AT_MOST_INT32_MAX],
  ['is below the 32-bit range', -(2 ** 31) - 1, AT_LEAST_INT32_MIN],
];

const SOURCE_CASES: readonly Case[] = [
  ['is null (only a missing key takes the default "manual")', null, NOT_NULL],
  ['is not one of manual and auto', 'robot', notAChoice('robot')],
  ['differs in letter case', 'Manual', notAChoice('Manual')],
  ['is a number', 5, notAChoice('5')],
  ['is a boolean, quoted as Python writes it', true, notAChoice('True')],
  ['is an object', {}, NOT_A_STRING],
];

const TYPE_CASES: readonly Case[] = [
  ['is missing', MISSING, REQUIRED],
  ['is null', null, NOT_NULL],
  ['is not a known shape type', 'circle', notAChoice('circle')],
  ['differs in letter case', 'Rectangle', notAChoice('Rectangle')],
  ['is a boolean, quoted as Python writes it', false, notAChoice('False')],
  ['is a list', ['rectangle'], NOT_A_STRING],
];

const BOOLEAN_CASES: readonly Case[] = [
  ['is missing', MISSING, REQUIRED],
  ['is null', null, NOT_NULL],
  ['is a word that is not a boolean', 'maybe', BOOLEAN],
  ['is a number other than 0 and 1', 2, BOOLEAN],
  ['is a list', [], BOOLEAN],
];

const LIST_CASES: readonly Case[] = [
  ['is missing', MISSING, REQUIRED],
  ['is null', null, NOT_NULL],
  ['is an object', {}, notAList('dict')],
  ['is a string', 'abc', notAList('str')],
  ['is an integer', 5, notAList('int')],
  ['is a fraction', 1.5, notAList('float')],
  ['is a boolean', true, notAList('bool')],
];

const POINTS_CASES: readonly Case[] = [
  ...LIST_CASES,
  ['is an empty list', [], EMPTY_LIST],
  [
    `has more than ${MAX_POINT_COORDINATES} numbers`,
    Array.from({ length: MAX_POINT_COORDINATES + 2 }, (_, index) => index),
    `Ensure this field has no more than ${MAX_POINT_COORDINATES} elements.`,
  ],
  [
    `has more than ${MAX_POINT_COORDINATES} items, before any item is looked at`,
    Array.from({ length: MAX_POINT_COORDINATES + 1 }, () => 'x'),
    `Ensure this field has no more than ${MAX_POINT_COORDINATES} elements.`,
  ],
];

const KEYFRAMES_CASES: readonly Case[] = [...LIST_CASES, ['is an empty list', [], EMPTY_LIST]];

const FIELD_RULES: readonly (readonly [Placement, string, readonly Case[]])[] = [
  [TAG, 'id', ID_CASES],
  [TAG, 'frame', NON_NEGATIVE_INTEGER_CASES],
  [TAG, 'label_id', NON_NEGATIVE_INTEGER_CASES],
  [TAG, 'group', GROUP_CASES],
  [TAG, 'source', SOURCE_CASES],
  [TAG, 'attributes', LIST_CASES],
  [SHAPE, 'id', ID_CASES],
  [SHAPE, 'frame', NON_NEGATIVE_INTEGER_CASES],
  [SHAPE, 'label_id', NON_NEGATIVE_INTEGER_CASES],
  [SHAPE, 'group', GROUP_CASES],
  [SHAPE, 'source', SOURCE_CASES],
  [SHAPE, 'type', TYPE_CASES],
  [SHAPE, 'occluded', BOOLEAN_CASES],
  [SHAPE, 'z_order', Z_ORDER_CASES],
  [SHAPE, 'points', POINTS_CASES],
  [SHAPE, 'attributes', LIST_CASES],
  [TRACK, 'id', ID_CASES],
  [TRACK, 'frame', NON_NEGATIVE_INTEGER_CASES],
  [TRACK, 'label_id', NON_NEGATIVE_INTEGER_CASES],
  [TRACK, 'group', GROUP_CASES],
  [TRACK, 'source', SOURCE_CASES],
  [TRACK, 'attributes', LIST_CASES],
  [TRACK, 'shapes', KEYFRAMES_CASES],
  [KEYFRAME, 'id', ID_CASES],
  [KEYFRAME, 'frame', NON_NEGATIVE_INTEGER_CASES],
  [KEYFRAME, 'type', TYPE_CASES],
  [KEYFRAME, 'occluded', BOOLEAN_CASES],
  [KEYFRAME, 'outside', BOOLEAN_CASES],
  [KEYFRAME, 'z_order', Z_ORDER_CASES],
  [KEYFRAME, 'points', POINTS_CASES],
  [KEYFRAME, 'attributes', LIST_CASES],
];

const ATTRIBUTE_FIELD_RULES: readonly (readonly [string, readonly Case[]])[] = [
  ['spec_id', NON_NEGATIVE_INTEGER_CASES],
  [
    'value',
    [
      ['is missing', MISSING, REQUIRED],
      ['is null', null, NOT_NULL],
      ['is an object', { text: 'a' }, NOT_A_STRING],
      ['is a list', ['a'], NOT_A_STRING],
      ['is 4097 characters long', 'a'.repeat(4097), TOO_LONG],
      ['is 4097 code points long, counted as Python counts them', '😀'.repeat(4097), TOO_LONG],
    ],
  ],
];

describe('annotation document parser: valid documents', () => {
  it('reads a full document, drops unknown keys such as clientID and fills the defaults source "manual" and z_order 0', () => {
    const text = JSON.stringify({
      version: 3,
      clientID: 'top',
      tags: [
        {
          clientID: 1,
          id: 5,
          frame: 0,
          label_id: 11,
          group: null,
          attributes: [{ spec_id: 21, value: 'bmw', clientID: 9 }],
        },
      ],
      shapes: [
        {
          clientID: 2,
          id: 7,
          frame: 2,
          label_id: 11,
          group: 1,
          source: 'auto',
          type: 'rectangle',
          occluded: false,
          z_order: 3,
          points: [1.0, 2.1, 100.0, 300.222],
          attributes: [
            { spec_id: 21, value: 'bmw' },
            { spec_id: 22, value: 'false' },
          ],
        },
        {
          frame: 1,
          label_id: 12,
          group: 0,
          type: 'polygon',
          occluded: true,
          points: [0, 0, 5, 0, 5, 5],
          attributes: [],
        },
      ],
      tracks: [
        {
          clientID: 3,
          id: 3,
          frame: 0,
          label_id: 11,
          group: null,
          source: 'manual',
          attributes: [{ spec_id: 21, value: 'bmw' }],
          shapes: [
            {
              clientID: 4,
              id: 31,
              frame: 0,
              type: 'rectangle',
              occluded: false,
              z_order: 0,
              outside: false,
              points: [1.0, 2.1, 100.0, 300.222],
              attributes: [{ spec_id: 22, value: 'false' }],
            },
            {
              id: 32,
              frame: 2,
              label_id: 99,
              type: 'rectangle',
              occluded: true,
              outside: true,
              points: [2.0, 2.1, 100.0, 300.222],
              attributes: [],
            },
          ],
        },
      ],
    });

    const expected: AnnotationDocument = {
      version: 3,
      tags: [
        {
          id: 5,
          frame: 0,
          label_id: 11,
          group: null,
          source: 'manual',
          attributes: [{ spec_id: 21, value: 'bmw' }],
        },
      ],
      shapes: [
        {
          id: 7,
          frame: 2,
          label_id: 11,
          group: 1,
          source: 'auto',
          type: 'rectangle',
          occluded: false,
          z_order: 3,
          points: [1.0, 2.1, 100.0, 300.222],
          attributes: [
            { spec_id: 21, value: 'bmw' },
            { spec_id: 22, value: 'false' },
          ],
        },
        {
          id: null,
          frame: 1,
          label_id: 12,
          group: 0,
          source: 'manual',
          type: 'polygon',
          occluded: true,
          z_order: 0,
          points: [0, 0, 5, 0, 5, 5],
          attributes: [],
        },
      ],
      tracks: [
        {
          id: 3,
          frame: 0,
          label_id: 11,
          group: null,
          source: 'manual',
          attributes: [{ spec_id: 21, value: 'bmw' }],
          shapes: [
            {
              id: 31,
              frame: 0,
              type: 'rectangle',
              occluded: false,
              z_order: 0,
              outside: false,
              points: [1.0, 2.1, 100.0, 300.222],
              attributes: [{ spec_id: 22, value: 'false' }],
            },
            {
              id: 32,
              frame: 2,
              type: 'rectangle',
              occluded: true,
              z_order: 0,
              outside: true,
              points: [2.0, 2.1, 100.0, 300.222],
              attributes: [],
            },
          ],
        },
      ],
    };
    // deepEqual from node:assert/strict compares own keys exactly, so a kept clientID would fail here.
    assert.deepEqual(parseAnnotationDocument(JSON.parse(text)), expected);
  });

  it('accepts a document whose tags, shapes and tracks are all empty', () => {
    assert.deepEqual(parseAnnotationDocument(documentWith()), {
      version: 1,
      tags: [],
      shapes: [],
      tracks: [],
    });
  });

  it('reads an id that is null or absent as null, for objects and keyframes alike', () => {
    const parsed = parseAnnotationDocument(
      documentWith({
        tags: [tag({ id: null }), tag()],
        tracks: [track({ shapes: [keyframe({ id: null }), keyframe({ frame: 1 })] })],
      }),
    );
    assert.deepEqual(
      parsed.tags.map((item) => item.id),
      [null, null],
    );
    assert.equal(parsed.tracks[0].id, null);
    assert.deepEqual(
      parsed.tracks[0].shapes.map((item) => item.id),
      [null, null],
    );
  });

  it('builds new objects and lists, so that changing the request afterwards leaves the result alone', () => {
    const tagAttributes = [{ spec_id: 1, value: 'a' }];
    const shapeAttributes = [{ spec_id: 2, value: 'b' }];
    const trackAttributes = [{ spec_id: 3, value: 'c' }];
    const keyframeAttributes = [{ spec_id: 4, value: 'd' }];
    const keyframes = [keyframe({ attributes: keyframeAttributes })];
    const tags = [tag({ attributes: tagAttributes })];
    const shapes = [shape({ attributes: shapeAttributes })];
    const tracks = [track({ attributes: trackAttributes, shapes: keyframes })];
    const input = documentWith({ tags, shapes, tracks });
    const keyframeInput = keyframes[0];

    const parsed = parseAnnotationDocument(input);
    const snapshot = structuredClone(parsed);

    const given: unknown[] = [
      tags,
      shapes,
      tracks,
      keyframes,
      tagAttributes,
      shapeAttributes,
      trackAttributes,
      keyframeAttributes,
      keyframeInput,
      ...tagAttributes,
      ...shapeAttributes,
      ...trackAttributes,
      ...keyframeAttributes,
    ];
    const produced: unknown[] = [
      parsed.tags,
      parsed.shapes,
      parsed.tracks,
      parsed.tracks[0].shapes,
      parsed.tags[0],
      parsed.shapes[0],
      parsed.tracks[0],
      parsed.tracks[0].shapes[0],
      parsed.tags[0].attributes,
      parsed.shapes[0].attributes,
      parsed.tracks[0].attributes,
      parsed.tracks[0].shapes[0].attributes,
      ...parsed.tags[0].attributes,
      ...parsed.shapes[0].attributes,
      ...parsed.tracks[0].attributes,
      ...parsed.tracks[0].shapes[0].attributes,
    ];
    for (const object of produced) assert.ok(!given.includes(object), 'the result shares a list or object');

    tagAttributes[0].value = 'changed';
    shapeAttributes.push({ spec_id: 9, value: 'added' });
    trackAttributes.length = 0;
    keyframeAttributes[0].spec_id = 99;
    keyframes.push(keyframe({ frame: 5 }));
    assert.deepEqual(parsed, snapshot);
  });

  it("keeps the request's own point lists, unchanged (the parser documents this to avoid doubling large saves)", () => {
    const shapePoints = [1, 2, 3, 4];
    const keyframePoints = [5, 6, 7, 8];
    const parsed = parseAnnotationDocument(
      documentWith({
        shapes: [shape({ points: shapePoints })],
        tracks: [track({ shapes: [keyframe({ points: keyframePoints })] })],
      }),
    );
    assert.equal(parsed.shapes[0].points, shapePoints);
    assert.equal(parsed.tracks[0].shapes[0].points, keyframePoints);
    assert.deepEqual(shapePoints, [1, 2, 3, 4]);
    assert.deepEqual(keyframePoints, [5, 6, 7, 8]);
  });

  it("takes the items out of the request's tags, shapes and tracks lists as it reads them, so a body cannot be parsed twice", () => {
    const input = documentWith({ tags: [tag(), tag()], shapes: [shape()], tracks: [track()] });
    parseAnnotationDocument(input);
    for (const key of ['tags', 'shapes', 'tracks']) {
      const remaining = (input[key] as unknown[]).filter((item) => item !== undefined);
      assert.deepEqual(remaining, [], `${key} still holds items`);
    }
  });

  it('accepts integral floats such as 1.0 wherever an integer is expected, as CVAT does', () => {
    const parsed = parseAnnotationDocument(
      JSON.parse(
        '{"version": 1.0, "tags": [{"id": 4.0, "frame": 2.0, "label_id": 1.0, "group": 3.0, ' +
          '"attributes": [{"spec_id": 7.0, "value": "x"}]}], "shapes": [], "tracks": []}',
      ),
    );
    assert.deepEqual(parsed, {
      version: 1,
      tags: [
        {
          id: 4,
          frame: 2,
          label_id: 1,
          group: 3,
          source: 'manual',
          attributes: [{ spec_id: 7, value: 'x' }],
        },
      ],
      shapes: [],
      tracks: [],
    });
  });

  it('accepts integers written as text wherever an integer is expected, as CVAT does', () => {
    const parsed = parseAnnotationDocument(
      documentWith({
        version: '2',
        tags: [tag({ id: ' 4 ', frame: '3.0', label_id: '+1', group: '0' })],
        shapes: [shape({ z_order: '-2', attributes: [attribute({ spec_id: '7' })] })],
      }),
    );
    assert.equal(parsed.version, 2);
    const [parsedTag] = parsed.tags;
    assert.deepEqual([parsedTag.id, parsedTag.frame, parsedTag.label_id, parsedTag.group], [4, 3, 1, 0]);
    assert.equal(parsed.shapes[0].z_order, -2);
    assert.equal(parsed.shapes[0].attributes[0].spec_id, 7);
    assertRejected(documentWith({ tags: [tag({ frame: '3 frames' })] }), { tags: [{ frame: [INTEGER] }] });
    assertRejected(documentWith({ tags: [tag({ frame: '-1' })] }), { tags: [{ frame: [AT_LEAST_ZERO] }] });
  });

  it('accepts the 32-bit integer bounds themselves', () => {
    const parsed = parseAnnotationDocument(
      documentWith({
        version: -(2 ** 31),
        shapes: [shape({ id: 2 ** 31 - 1, frame: 2 ** 31 - 1, z_order: -(2 ** 31), group: 2 ** 31 - 1 })],
        tracks: [track({ shapes: [keyframe({ z_order: 2 ** 31 - 1 })] })],
      }),
    );
    assert.equal(parsed.version, -(2 ** 31));
    assert.deepEqual(
      [parsed.shapes[0].id, parsed.shapes[0].frame, parsed.shapes[0].z_order, parsed.shapes[0].group],
      [2 ** 31 - 1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31 - 1],
    );
    assert.equal(parsed.tracks[0].shapes[0].z_order, 2 ** 31 - 1);
  });

  it('accepts the words and the numbers 0 and 1 that CVAT accepts as booleans for occluded and outside', () => {
    const parsed = parseAnnotationDocument(
      documentWith({
        shapes: [shape({ occluded: 'true' }), shape({ occluded: 'False' }), shape({ occluded: 1 })],
        tracks: [
          track({
            shapes: [
              keyframe({ occluded: 'yes', outside: 'off' }),
              keyframe({ frame: 1, occluded: 0, outside: 'ON' }),
            ],
          }),
        ],
      }),
    );
    assert.deepEqual(
      parsed.shapes.map((item) => item.occluded),
      [true, false, true],
    );
    assert.deepEqual(
      parsed.tracks[0].shapes.map((item) => [item.occluded, item.outside]),
      [
        [true, false],
        [false, true],
      ],
    );
  });

  it('turns attribute values given as numbers or booleans into text, booleans in lower case', () => {
    const values = [5, 1.5, -3, true, false, '', 'text'];
    const expected = ['5', '1.5', '-3', 'true', 'false', '', 'text'];
    const attributes = () => values.map((value, index) => ({ spec_id: index, value }));
    const parsed = parseAnnotationDocument(
      documentWith({
        tags: [tag({ attributes: attributes() })],
        shapes: [shape({ attributes: attributes() })],
        tracks: [track({ attributes: attributes(), shapes: [keyframe({ attributes: attributes() })] })],
      }),
    );
    for (const list of [
      parsed.tags[0].attributes,
      parsed.shapes[0].attributes,
      parsed.tracks[0].attributes,
      parsed.tracks[0].shapes[0].attributes,
    ]) {
      assert.deepEqual(
        list.map((item) => item.value),
        expected,
      );
    }
  });

  it('accepts an attribute value of exactly 4096 code points, even when that is 8192 UTF-16 units', () => {
    const plain = 'a'.repeat(4096);
    const astral = '😀'.repeat(4096);
    const parsed = parseAnnotationDocument(
      documentWith({
        tags: [tag({ attributes: [attribute({ value: plain }), attribute({ value: astral })] })],
      }),
    );
    assert.deepEqual(
      parsed.tags[0].attributes.map((item) => item.value),
      [plain, astral],
    );
  });

  const acceptedCounts: readonly (readonly [string, number])[] = [
    ['rectangle', 4],
    ['polygon', 6],
    ['polygon', 8],
    ['polygon', MAX_POINT_COORDINATES],
    ['polyline', 4],
    ['polyline', 6],
    ['polyline', MAX_POINT_COORDINATES],
    ['points', 2],
    ['points', 4],
    ['points', MAX_POINT_COORDINATES],
    ['cuboid', 16],
  ];
  for (const [type, count] of acceptedCounts) {
    it(`accepts a ${named(type)} with ${count} coordinates, as a shape and as a track keyframe`, () => {
      const points = Array.from({ length: count }, (_, index) => index + 0.5);
      const parsed = parseAnnotationDocument(
        documentWith({
          shapes: [shape({ type, points: [...points] })],
          tracks: [track({ shapes: [keyframe({ type, points: [...points] })] })],
        }),
      );
      assert.deepEqual(parsed.shapes[0].points, points);
      assert.deepEqual(parsed.tracks[0].shapes[0].points, points);
    });
  }
});

describe('annotation document parser: the document itself', () => {
  const nonObjects: readonly (readonly [string, unknown, string])[] = [
    ['a list', [], 'list'],
    ['null', null, 'NoneType'],
    ['a string', 'document', 'str'],
    ['an integer', 5, 'int'],
    ['a fraction', 2.5, 'float'],
    ['a boolean', true, 'bool'],
  ];
  for (const [description, body, pythonType] of nonObjects) {
    it(`refuses a body that is ${description} with a non-field error naming the Python type ${pythonType}`, () => {
      assertRejected(body, { non_field_errors: [notADict(pythonType)] });
    });
  }

  it('reports all four fields as required for an empty request body', () => {
    const allRequired = { version: [REQUIRED], tags: [REQUIRED], shapes: [REQUIRED], tracks: [REQUIRED] };
    assertRejected(undefined, allRequired);
    assertRejected({}, allRequired);
  });

  const versionCases: readonly Case[] = [
    ['is missing', MISSING, REQUIRED],
    ['is null', null, NOT_NULL],
    ['is text of a fraction', '3.5', INTEGER],
    ['is a boolean', true, INTEGER],
    ['is a fraction', 1.5, INTEGER],
    ['is above the 32-bit range', 2 ** 31, AT_MOST_INT32_MAX],
    ['is below the 32-bit range', -(2 ** 31) - 1, AT_LEAST_INT32_MIN],
  ];
  for (const [description, value, message] of versionCases) {
    it(`refuses a document whose version ${description}: "${message}"`, () => {
      assertRejected(withField(documentWith(), 'version', value), { version: [message] });
    });
  }

  for (const key of ['tags', 'shapes', 'tracks']) {
    for (const [description, value, message] of LIST_CASES) {
      it(`refuses a document whose ${key} ${description}: "${message}"`, () => {
        assertRejected(withField(documentWith(), key, value), { [key]: [message] });
      });
    }
  }

  it('reports the errors of every top-level field and every list together', () => {
    assertRejected(
      {
        version: 'one',
        tags: [tag(), tag({ frame: -1 })],
        shapes: null,
        tracks: [track({ shapes: [keyframe(), keyframe({ attributes: [attribute({ value: null })] })] })],
      },
      {
        version: [INTEGER],
        tags: [{}, { frame: [AT_LEAST_ZERO] }],
        shapes: [NOT_NULL],
        tracks: [{ shapes: [{}, { attributes: [{ value: [NOT_NULL] }] }] }],
      },
    );
  });
});

describe('annotation document parser: list positions', () => {
  it('reports a failing item by its position, with {} for each valid item before and after it', () => {
    assertRejected(documentWith({ shapes: [shape(), shape({ type: 'circle' }), shape()] }), {
      shapes: [{}, { type: [notAChoice('circle')] }, {}],
    });
  });

  it('reports a failing first item followed by {} for the valid items after it', () => {
    assertRejected(documentWith({ tags: [tag({ label_id: null }), tag(), tag()] }), {
      tags: [{ label_id: [NOT_NULL] }, {}, {}],
    });
  });

  it('reports every failing item of a list, each at its own position', () => {
    assertRejected(documentWith({ tags: [tag({ frame: -1 }), tag(), tag({ group: MISSING }), tag()] }), {
      tags: [{ frame: [AT_LEAST_ZERO] }, {}, { group: [REQUIRED] }, {}],
    });
  });

  it('refuses list items that are not objects with a non-field error naming their Python type', () => {
    assertRejected(documentWith({ tags: [tag(), 5, null, [], 'tag', true] }), {
      tags: [
        {},
        { non_field_errors: [notADict('int')] },
        { non_field_errors: [notADict('NoneType')] },
        { non_field_errors: [notADict('list')] },
        { non_field_errors: [notADict('str')] },
        { non_field_errors: [notADict('bool')] },
      ],
    });
    assertRejected(documentWith({ tracks: [track({ shapes: [keyframe(), 7] })] }), {
      tracks: [{ shapes: [{}, { non_field_errors: [notADict('int')] }] }],
    });
    assertRejected(documentWith({ shapes: [shape({ attributes: [[1, 'x']] })] }), {
      shapes: [{ attributes: [{ non_field_errors: [notADict('list')] }] }],
    });
  });

  it('reports every failing field of one object together', () => {
    assertRejected(
      documentWith({ shapes: [shape({ frame: -1, type: 'circle', occluded: MISSING, points: [] })] }),
      {
        shapes: [
          {
            frame: [AT_LEAST_ZERO],
            type: [notAChoice('circle')],
            occluded: [REQUIRED],
            points: [EMPTY_LIST],
          },
        ],
      },
    );
  });

  it('nests keyframe and attribute errors under their track, keyframe and attribute positions', () => {
    assertRejected(
      documentWith({
        tracks: [
          track(),
          track({
            attributes: [attribute(), attribute({ spec_id: MISSING })],
            shapes: [
              keyframe(),
              keyframe({ frame: 1, attributes: [attribute(), attribute(), attribute({ value: [] })] }),
            ],
          }),
        ],
      }),
      {
        tracks: [
          {},
          {
            attributes: [{}, { spec_id: [REQUIRED] }],
            shapes: [{}, { attributes: [{}, {}, { value: [NOT_A_STRING] }] }],
          },
        ],
      },
    );
  });
});

describe('annotation document parser: fields of tags, shapes, tracks and keyframes', () => {
  for (const [placement, field, cases] of FIELD_RULES) {
    for (const [description, value, message] of cases) {
      it(`refuses a ${placement.kind} whose ${field} ${description}: "${message}"`, () => {
        const object = withField(placement.build(), field, value);
        assertRejected(placement.place(object), placement.errorsAt({ [field]: [message] }));
      });
    }
  }

  for (const placement of [TAG, SHAPE, TRACK, KEYFRAME]) {
    for (const [field, cases] of ATTRIBUTE_FIELD_RULES) {
      for (const [description, value, message] of cases) {
        it(`refuses an attribute of a ${placement.kind} whose ${field} ${description}: "${message}"`, () => {
          const attributes = [attribute(), withField(attribute(), field, value)];
          assertRejected(
            placement.place(placement.build({ attributes })),
            placement.errorsAt({ attributes: [{}, { [field]: [message] }] }),
          );
        });
      }
    }
  }

  it('does not ask a keyframe for the label_id, group and source of its track, and ignores them if given', () => {
    const parsed = parseAnnotationDocument(
      documentWith({
        tracks: [track({ shapes: [keyframe({ label_id: 'x', group: -1, source: 'robot' })] })],
      }),
    );
    assert.deepEqual(Object.keys(parsed.tracks[0].shapes[0]).sort(), [
      'attributes',
      'frame',
      'id',
      'occluded',
      'outside',
      'points',
      'type',
      'z_order',
    ]);
  });

  it('does not ask a tag or a track for type, occluded, z_order or points', () => {
    const parsed = parseAnnotationDocument(
      documentWith({
        tags: [tag({ type: 'circle', occluded: 'x', points: 'x' })],
        tracks: [track({ type: 'circle', z_order: 'x' })],
      }),
    );
    assert.deepEqual(Object.keys(parsed.tags[0]).sort(), [
      'attributes',
      'frame',
      'group',
      'id',
      'label_id',
      'source',
    ]);
    assert.deepEqual(Object.keys(parsed.tracks[0]).sort(), [
      'attributes',
      'frame',
      'group',
      'id',
      'label_id',
      'shapes',
      'source',
    ]);
  });
});

describe('annotation document parser: points', () => {
  it('takes numbers written as text, as CVAT does, and refuses text that is not finite', () => {
    const parsed = parseAnnotationDocument(
      documentWith({ shapes: [shape({ points: ['1.5', ' 2 ', '3e1', 4] })] }),
    );
    assert.deepEqual(parsed.shapes[0].points, [1.5, 2, 30, 4]);
    assertRejected(documentWith({ shapes: [shape({ points: ['1e400', 'NaN', 'inf', 4] })] }), {
      shapes: [{ points: { 0: [NUMBER], 1: [NUMBER], 2: [NUMBER] } }],
    });
  });

  it('reports each point that is not a number under its index, as CVAT does for list items', () => {
    assertRejected(
      documentWith({ shapes: [shape({ points: [1, 'a', 3, null, true, { x: 1 }, [2], '4x'] })] }),
      {
        shapes: [
          {
            points: {
              1: [NUMBER],
              3: [NOT_NULL],
              4: [NUMBER],
              5: [NUMBER],
              6: [NUMBER],
              7: [NUMBER],
            },
          },
        ],
      },
    );
    assertRejected(documentWith({ tracks: [track({ shapes: [keyframe({ points: [0, 0, 'x', 1] })] })] }), {
      tracks: [{ shapes: [{ points: { 2: [NUMBER] } }] }],
    });
  });

  const refusedCounts: readonly (readonly [string, number, string])[] = [
    ['rectangle', 2, 'A rectangle needs exactly 4 numbers (2 points); got 2.'],
    ['rectangle', 3, 'A rectangle needs exactly 4 numbers (2 points); got 3.'],
    ['rectangle', 6, 'A rectangle needs exactly 4 numbers (2 points); got 6.'],
    ['polygon', 4, 'A polygon needs an even count of at least 6 numbers (3 points or more); got 4.'],
    ['polygon', 7, 'A polygon needs an even count of at least 6 numbers (3 points or more); got 7.'],
    ['polyline', 2, 'A polyline needs an even count of at least 4 numbers (2 points or more); got 2.'],
    ['polyline', 5, 'A polyline needs an even count of at least 4 numbers (2 points or more); got 5.'],
    ['points', 1, 'A points shape needs an even count of at least 2 numbers (1 point or more); got 1.'],
    ['points', 3, 'A points shape needs an even count of at least 2 numbers (1 point or more); got 3.'],
    ['cuboid', 14, 'A cuboid needs exactly 16 numbers (8 points); got 14.'],
    ['cuboid', 18, 'A cuboid needs exactly 16 numbers (8 points); got 18.'],
    [
      'rectangle',
      MAX_POINT_COORDINATES,
      `A rectangle needs exactly 4 numbers (2 points); got ${MAX_POINT_COORDINATES}.`,
    ],
    [
      'polygon',
      MAX_POINT_COORDINATES - 1,
      `A polygon needs an even count of at least 6 numbers (3 points or more); got ${MAX_POINT_COORDINATES - 1}.`,
    ],
  ];
  for (const [type, count, message] of refusedCounts) {
    it(`refuses a ${named(type)} with ${count} coordinates, as a shape and as a track keyframe: "${message}"`, () => {
      const points = () => Array.from({ length: count }, (_, index) => index);
      assertRejected(
        documentWith({
          shapes: [shape({ type, points: points() })],
          tracks: [track({ shapes: [keyframe({ type, points: points() })] })],
        }),
        { shapes: [{ points: [message] }], tracks: [{ shapes: [{ points: [message] }] }] },
      );
    });
  }

  it('does not check the number of points when the type itself is invalid', () => {
    assertRejected(documentWith({ shapes: [shape({ type: 'circle', points: [1, 2, 3] })] }), {
      shapes: [{ type: [notAChoice('circle')] }],
    });
    assertRejected(
      documentWith({ tracks: [track({ shapes: [keyframe({ type: MISSING, points: [1] })] })] }),
      {
        tracks: [{ shapes: [{ type: [REQUIRED] }] }],
      },
    );
  });

  it('does not check the number of points when some point is not a number', () => {
    assertRejected(documentWith({ shapes: [shape({ type: 'rectangle', points: [1, 'two', 3] })] }), {
      shapes: [{ points: { 1: [NUMBER] } }],
    });
  });
});
