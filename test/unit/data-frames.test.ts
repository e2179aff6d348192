import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

import { FieldValidationError } from '../../src/common/errors/domain-errors.js';
import {
  chunkCount,
  chunkFrames,
  chunkMemberName,
  chunkOfFrame,
  compressedVideoSize,
  defaultChunkSize,
  downscaleFactor,
  originalVideoSize,
  videoCrf,
} from '../../src/data/frames/chunking.js';
import { compareFrameNames, sortFrameNames } from '../../src/data/frames/frame-order.js';
import {
  frameRange,
  frameStep,
  maxSelectedFrames,
  selectFrames,
  selectionOfSize,
  sourceFrameOf,
  validateFrameOptions,
} from '../../src/data/frames/frame-selection.js';
import { planSegments, type TaskMode } from '../../src/data/frames/segments.js';
import { MediaFailure } from '../../src/data/media-failure.js';
import { progressMessage } from '../../src/data/pipeline/progress.js';

const FIXTURES = new URL('../../../../shared/fixtures/cvat-1.2/', import.meta.url);

function fieldErrors(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof FieldValidationError);
    return error.fields;
  }
  assert.fail('expected a validation error');
}

describe('frame order', () => {
  it('is plain code-point order of the relative paths, not natural order', () => {
    const names = ['img2.jpg', 'img10.png', 'test_1.jpg', 'data/x.jpg', 'img1.png', 'Z.jpg'];
    assert.deepEqual(
      sortFrameNames(names, (name) => name),
      ['Z.jpg', 'data/x.jpg', 'img1.png', 'img10.png', 'img2.jpg', 'test_1.jpg'],
    );
  });

  it('orders the fixture images as the reference server did', async () => {
    const meta = JSON.parse(await readFile(new URL('meta-images.json', FIXTURES), 'utf8')) as {
      frames: { name: string }[];
    };
    const expected = meta.frames.map((frame) => frame.name);
    assert.deepEqual(
      sortFrameNames([...expected].reverse(), (name) => name),
      expected,
    );
  });

  it('compares characters beyond the Basic Multilingual Plane by code point, as Python does', () => {
    // U+FFFD sorts before U+1F600 by code point, although its UTF-16 unit is larger.
    assert.ok(compareFrameNames('\uFFFD.jpg', '\u{1F600}.jpg') < 0);
    assert.ok(compareFrameNames('a\u{1F600}', 'a\u{1F601}') < 0);
    assert.equal(compareFrameNames('same', 'same'), 0);
    assert.ok(compareFrameNames('ab', 'abc') < 0);
  });
});

describe('frame selection', () => {
  it('reads the step from the first step=N anywhere in the filter', () => {
    assert.equal(frameStep('step=3'), 3);
    assert.equal(frameStep('step = 2'), 2);
    assert.equal(frameStep('foo step=10 step=2'), 10);
    assert.equal(frameStep(''), 1);
    assert.equal(frameStep(undefined), 1);
  });

  it('rejects a filter without a positive step, but takes "" as no filter', () => {
    for (const filter of ['step=0', 'step=03', 'every 3rd', 'step=']) {
      assert.deepEqual(
        fieldErrors(() => validateFrameOptions({ frameFilter: filter })),
        { frame_filter: ['Invalid frame filter expression'] },
        filter,
      );
    }
    assert.doesNotThrow(() => validateFrameOptions({ frameFilter: '' }));
    assert.deepEqual(
      fieldErrors(() => validateFrameOptions({ frameFilter: `step=1${' '.repeat(256)}` })),
      {
        frame_filter: ['Ensure this field has no more than 256 characters.'],
      },
    );
  });

  it('rejects a zero chunk size and a stop frame before the start frame with the reference texts', () => {
    assert.deepEqual(
      fieldErrors(() => validateFrameOptions({ chunkSize: 0 })),
      {
        chunk_size: ['Chunk size must be a positive integer'],
      },
    );
    assert.deepEqual(
      fieldErrors(() => validateFrameOptions({ startFrame: 5, stopFrame: 4 })),
      {
        non_field_errors: ['Stop frame must be more or equal start frame'],
      },
    );
    assert.doesNotThrow(() => validateFrameOptions({ startFrame: 4, stopFrame: 4, chunkSize: 1 }));
  });

  it('takes start, start+step, ... and stores the last frame taken (spec example)', () => {
    const selection = selectFrames(9, frameRange({ frameFilter: 'step=3' }));
    assert.deepEqual(selection, { startFrame: 0, step: 3, size: 3, stopFrame: 6 });
    assert.deepEqual(
      [0, 1, 2].map((frame) => sourceFrameOf(selection, frame)),
      [0, 3, 6],
    );
  });

  it('honours an explicit stop frame, 0 included, and clamps one past the media', () => {
    assert.deepEqual(selectFrames(10, frameRange({ stopFrame: 0 })), {
      startFrame: 0,
      step: 1,
      size: 1,
      stopFrame: 0,
    });
    assert.deepEqual(selectFrames(10, frameRange({ startFrame: 2, stopFrame: 7, frameFilter: 'step=2' })), {
      startFrame: 2,
      step: 2,
      size: 3,
      stopFrame: 6,
    });
    assert.deepEqual(selectFrames(5, frameRange({ stopFrame: 100 })), {
      startFrame: 0,
      step: 1,
      size: 5,
      stopFrame: 4,
    });
    assert.equal(maxSelectedFrames(frameRange({ startFrame: 2, stopFrame: 7, frameFilter: 'step=2' })), 3);
    assert.equal(maxSelectedFrames(frameRange({})), Number.POSITIVE_INFINITY);
  });

  it('fails readably when the start frame is past the media', () => {
    for (const attempt of [
      () => selectFrames(3, frameRange({ startFrame: 3 })),
      () => selectionOfSize(frameRange({}), 0),
    ]) {
      assert.throws(attempt, (error: unknown) => {
        assert.ok(error instanceof MediaFailure);
        assert.equal(error.statusMessage, 'ValueError: start_frame is out of range\n');
        return true;
      });
    }
  });
});

describe('segments and jobs', () => {
  const examples: [number, number, number | null, TaskMode, number, string][] = [
    [100, 30, null, 'annotation', 0, '0-29 30-59 60-89 90-99'],
    [100, 30, 5, 'annotation', 5, '0-29 25-54 50-79 75-99'],
    [100, 30, null, 'interpolation', 5, '0-29 25-54 50-79 75-99'],
    [100, 0, null, 'interpolation', 5, '0-99'],
    [10, 100, null, 'annotation', 0, '0-9'],
    [55, 30, 10, 'annotation', 10, '0-29 20-49 40-54'],
    [7, 1, null, 'interpolation', 0, '0-0 1-1 2-2 3-3 4-4 5-5 6-6'],
    [100, 30, 40, 'annotation', 15, '0-29 15-44 30-59 45-74 60-89 75-99 90-99'],
  ];
  for (const [size, segmentSize, overlap, mode, effective, segments] of examples) {
    it(`splits ${size} frames, segment ${segmentSize}, overlap ${overlap}, ${mode} as the spec's table`, () => {
      const plan = planSegments({ size, segmentSize, overlap, mode });
      assert.equal(plan.overlap, effective);
      assert.equal(plan.segments.map((s) => `${s.startFrame}-${s.stopFrame}`).join(' '), segments);
    });
  }

  it('reproduces the jobs of the recorded fixture tasks', async () => {
    for (const [kind, size, mode] of [
      ['images', 6, 'annotation'],
      ['video', 50, 'interpolation'],
    ] as const) {
      const request = JSON.parse(
        await readFile(new URL(`tasks/${kind}-task-create-request.json`, FIXTURES), 'utf8'),
      ) as {
        segment_size: number;
        overlap: number;
      };
      const jobs = JSON.parse(await readFile(new URL(`jobs-${kind}.json`, FIXTURES), 'utf8')) as {
        start_frame: number;
        stop_frame: number;
      }[];
      const plan = planSegments({ size, segmentSize: request.segment_size, overlap: request.overlap, mode });
      assert.deepEqual(
        plan.segments,
        jobs.map((job) => ({ startFrame: job.start_frame, stopFrame: job.stop_frame })),
      );
    }
  });

  it('makes no segment for an empty task', () => {
    assert.deepEqual(
      planSegments({ size: 0, segmentSize: 0, overlap: null, mode: 'annotation' }).segments,
      [],
    );
  });
});

describe('chunks', () => {
  it('sizes image chunks by the first frame and video chunks at 36 frames', () => {
    const cases: [number, number, number][] = [
      [1920, 1080, 36],
      [1280, 720, 72],
      [640, 480, 72],
      [3840, 2160, 9],
      [8000, 6000, 2],
    ];
    for (const [width, height, expected] of cases) {
      assert.equal(defaultChunkSize('imageset', { width, height }), expected, `${width}x${height}`);
    }
    assert.equal(defaultChunkSize('video', { width: 64, height: 48 }), 36);
  });

  it('groups task frames into consecutive chunks', () => {
    assert.equal(chunkCount(50, 36), 2);
    assert.equal(chunkCount(72, 36), 2);
    assert.deepEqual(chunkFrames(1, 36, 50), { startFrame: 36, stopFrame: 49 });
    assert.deepEqual(chunkOfFrame(37, 36), { chunk: 1, offset: 1 });
    assert.equal(chunkMemberName(3, '.png'), '000003.png');
  });

  it('maps image quality to CRF and clamps quality 0 to 51', () => {
    assert.equal(videoCrf(100), 0);
    assert.equal(videoCrf(70), 15);
    assert.equal(videoCrf(50), 26);
    assert.equal(videoCrf(1), 51);
    assert.equal(videoCrf(0), 51);
  });

  it('downscales compressed video by the smallest power of two below 1080 lines, to even sizes', () => {
    assert.equal(downscaleFactor(720), 1);
    assert.equal(downscaleFactor(1079), 1);
    assert.equal(downscaleFactor(1080), 2);
    assert.equal(downscaleFactor(1440), 2);
    assert.equal(downscaleFactor(2160), 4);
    assert.deepEqual(compressedVideoSize({ width: 1920, height: 1080 }), { width: 960, height: 540 });
    assert.deepEqual(compressedVideoSize({ width: 3840, height: 2160 }), { width: 960, height: 540 });
    assert.deepEqual(compressedVideoSize({ width: 1281, height: 721 }), { width: 1282, height: 722 });
    assert.deepEqual(originalVideoSize({ width: 65, height: 49 }), { width: 66, height: 50 });
  });
});

describe('progress messages', () => {
  it('reads as CVAT reads them, with a spinner when the total is unknown', () => {
    assert.equal(progressMessage({ stage: 'compressing', percent: 42 }), 'Images are being compressed 42%');
    assert.equal(progressMessage({ stage: 'extracting' }), 'Media files are being extracted...');
    const spinner = [0, 1, 2, 3, 4].map((tick) => progressMessage({ stage: 'compressing' }, tick).at(-1));
    assert.deepEqual(spinner, ['|', '/', '-', '\\', '|']);
  });
});
