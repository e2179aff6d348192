// `node bench/micro/parse-document.mjs` after a build: times the parsing and the semantic checks of
// a large annotation save (100,000 shapes and 1,000 tracks of 50 keyframes) on the compiled code.
import { performance } from 'node:perf_hooks';

import { parseAnnotationDocument } from '../../dist/src/annotations/document/document-parser.js';
import { checkAnnotationRules } from '../../dist/src/annotations/document/document-rules.js';

const SHAPES = 100_000;
const TRACKS = 1_000;
const KEYFRAMES = 50;
const FRAMES = 5_000;
const ROUNDS = 7;

const LABEL_ID = 1;
const IMMUTABLE = 10;
const MUTABLE = 11;

function buildContext() {
  const attributes = new Map([
    [IMMUTABLE, { id: IMMUTABLE, mutable: false, defaultValue: 'red' }],
    [MUTABLE, { id: MUTABLE, mutable: true, defaultValue: 'false' }],
  ]);
  return { labels: new Map([[LABEL_ID, { id: LABEL_ID, attributes }]]), size: FRAMES };
}

function buildShape(index) {
  const x = index % 500;
  return {
    clientID: index,
    frame: index % FRAMES,
    label_id: LABEL_ID,
    group: 0,
    source: 'manual',
    type: 'rectangle',
    occluded: false,
    z_order: 0,
    points: [x + 0.5, 10.25, x + 40.5, 60.75],
    attributes: [
      { spec_id: IMMUTABLE, value: 'blue' },
      { spec_id: MUTABLE, value: false },
    ],
  };
}

function buildTrack(index) {
  const shapes = [];
  for (let key = 0; key < KEYFRAMES; key++) {
    shapes.push({
      frame: key * 2,
      type: 'polygon',
      occluded: false,
      outside: key === KEYFRAMES - 1,
      z_order: 1,
      points: [key, 0, key + 10, 5.5, key + 3, 12.125],
      attributes: [{ spec_id: MUTABLE, value: 'true' }],
    });
  }
  return {
    clientID: index,
    frame: 0,
    label_id: LABEL_ID,
    group: null,
    attributes: [{ spec_id: IMMUTABLE, value: 'green' }],
    shapes,
  };
}

function buildBody() {
  const shapes = Array.from({ length: SHAPES }, (_, index) => buildShape(index));
  const tracks = Array.from({ length: TRACKS }, (_, index) => buildTrack(index));
  // Parsed from text, as a request body is, so that the objects have the shapes JSON.parse gives.
  return JSON.parse(JSON.stringify({ version: 1, tags: [], shapes, tracks }));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const context = buildContext();
const parseTimes = [];
const checkTimes = [];
for (let round = 0; round < ROUNDS; round++) {
  const body = buildBody();
  globalThis.gc?.();
  const parseStart = performance.now();
  const document = parseAnnotationDocument(body);
  const checkStart = performance.now();
  checkAnnotationRules(document, context);
  const checkEnd = performance.now();
  parseTimes.push(checkStart - parseStart);
  checkTimes.push(checkEnd - checkStart);
}

const format = (values) =>
  `first ${values[0].toFixed(1)} ms, median ${median(values).toFixed(1)} ms, ` +
  `min ${Math.min(...values).toFixed(1)} ms`;
console.log(`${SHAPES} shapes, ${TRACKS} tracks x ${KEYFRAMES} keyframes, ${ROUNDS} rounds`);
console.log(`parseAnnotationDocument: ${format(parseTimes)}`);
console.log(`checkAnnotationRules:    ${format(checkTimes)}`);
