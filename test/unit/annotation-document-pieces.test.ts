import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseAnnotationDocument } from '../../src/annotations/document/document-parser.js';
import { readDocumentInPieces } from '../../src/annotations/document/document-pieces.js';

const attributes = [{ spec_id: 7, value: 'say "hi" \\ to\nMüller ✓' }];

function shape(index: number): Record<string, unknown> {
  return {
    type: index % 2 ? 'polygon' : 'rectangle',
    occluded: index % 3 === 0,
    z_order: index % 4,
    points: index % 2 ? [1.5, 2, 3, 4, 5, 6.25] : [index, 1e-3, 2e5, 3],
    frame: index % 50,
    label_id: 3,
    group: index % 5 === 0 ? null : 2,
    source: 'manual',
    attributes,
    id: index % 7 === 0 ? index + 1 : null,
    clientID: { nested: [[{ deep: true }]], text: 'a}b]c' },
  };
}

function document(shapes: number): Record<string, unknown> {
  return {
    version: 3,
    tags: [{ frame: 1, label_id: 3, group: null, source: 'auto', attributes: [] }],
    shapes: Array.from({ length: shapes }, (_, index) => shape(index)),
    tracks: [
      {
        frame: 0,
        label_id: 3,
        group: 0,
        source: 'manual',
        attributes: [],
        shapes: [
          {
            type: 'points',
            occluded: false,
            z_order: 0,
            points: [1, 2],
            frame: 0,
            outside: false,
            attributes,
          },
          {
            type: 'points',
            occluded: false,
            z_order: 0,
            points: [2, 3],
            frame: 4,
            outside: true,
            attributes: [],
          },
        ],
      },
    ],
  };
}

const bytes = (text: string) => Buffer.from(text, 'utf8');
/** What the whole-tree parser makes of the same text. */
const whole = (text: string) => parseAnnotationDocument(JSON.parse(text));

describe('reading an annotation document in pieces', () => {
  it('makes the same document as parsing it whole, across batches and whitespace', () => {
    for (const count of [0, 1, 499, 500, 501, 1234]) {
      const compact = JSON.stringify(document(count));
      assert.deepEqual(readDocumentInPieces(bytes(compact)), whole(compact), `${count} shapes`);
      const spaced = JSON.stringify(document(count), null, '\t').replaceAll('\n', '\r\n  ');
      assert.deepEqual(readDocumentInPieces(bytes(spaced)), whole(spaced), `${count} shapes, spaced`);
    }
  });

  it('takes the keys in any order, and skips keys it does not know, however nested', () => {
    const { version, tags, shapes, tracks } = document(3);
    const text = JSON.stringify({
      tracks,
      extra: { list: [1, '"]', { x: [] }], n: -1.5e3, t: true, f: null },
      shapes,
      version,
      tags,
      more: 'x',
    });
    assert.deepEqual(readDocumentInPieces(bytes(text)), whole(text));
  });

  it('leaves to the whole parse every body that is not a plain valid document', () => {
    const valid = JSON.stringify(document(2));
    const cases: Record<string, string> = {
      'a syntax error in a list': valid.replace('"manual"', 'manual'),
      'a repeated key': valid.replace('{"version":3,', '{"version":3,"version":4,'),
      'a missing list': JSON.stringify({ ...document(1), tracks: undefined }),
      'a list that is not one': JSON.stringify({ ...document(1), shapes: {} }),
      'a version that is not an integer': JSON.stringify({ ...document(1), version: 'v1' }),
      'an invalid field': JSON.stringify({ ...document(2), shapes: [shape(0), { ...shape(1), frame: -1 }] }),
      'an item that is not an object': JSON.stringify({ ...document(1), shapes: [shape(0), 5] }),
      'text after the document': `${valid} x`,
      'a second document': `${valid}${valid}`,
      'a list': `[${valid}]`,
      'an empty object': '{}',
      'an unterminated string': valid.slice(0, valid.indexOf('manual') + 3),
      'a prototype key': valid.replace('"clientID"', '"__proto__"'),
      'a constructor key': valid.replace('"clientID"', '"constructor"'),
      'nothing at all': '',
    };
    for (const [what, text] of Object.entries(cases)) {
      assert.equal(readDocumentInPieces(bytes(text)), undefined, what);
    }
  });
});
