import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MediaFailure } from '../../src/data/media-failure.js';
import {
  checkCombination,
  dropCoveredDirectories,
  type KindCounts,
} from '../../src/data/media/media-detector.js';
import { classify, kindFromExtension, mediaTypes } from '../../src/data/media/media-kinds.js';
import { linkStaysInside, memberPath, UnsafeMemberError } from '../../src/data/readers/extraction-guard.js';
import { keyFrameBefore } from '../../src/data/pipeline/video-chunks.js';
import {
  formatMetaInfo,
  parseMetaInfo,
  quickCreationProblem,
  verifyMetaInfo,
} from '../../src/data/pipeline/video-index.js';

function counts(partial: Partial<KindCounts>): KindCounts {
  return { image: 0, video: 0, archive: 0, directory: 0, pdf: 0, zip: 0, ...partial };
}

function failureText(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof MediaFailure, String(error));
    return error.message;
  }
  return assert.fail('expected a media failure');
}

describe('media kinds', () => {
  it('follow the extension table of the spec, case-insensitively', () => {
    assert.equal(kindFromExtension('a.JPG'), 'image');
    assert.equal(kindFromExtension('a.tiff'), 'image');
    assert.equal(kindFromExtension('a.mkv'), 'video');
    assert.equal(kindFromExtension('a.tar.gz'), 'archive');
    assert.equal(kindFromExtension('a.tgz'), 'archive');
    assert.equal(kindFromExtension('a.pdf'), 'pdf');
    assert.equal(kindFromExtension('a.zip'), 'zip');
    assert.equal(kindFromExtension('a.svg'), undefined);
    assert.equal(kindFromExtension('notes.txt'), undefined);
  });

  it('let recognised content win over the extension, and fall back to it otherwise', () => {
    assert.equal(classify('photo.jpg', { ext: 'mp4', mime: 'video/mp4' }), 'video');
    assert.equal(classify('clip.bin', { ext: 'png', mime: 'image/png' }), 'image');
    assert.equal(classify('data.dat', { ext: 'zip', mime: 'application/zip' }), 'zip');
    assert.equal(classify('a.docx', { ext: 'docx', mime: 'application/vnd.openxmlformats' }), undefined);
    assert.equal(classify('picture.tga', undefined), 'image');
    assert.equal(classify('movie.wmv', { ext: 'asf', mime: 'application/vnd.ms-asf' }), 'video');
  });

  it('give chunk types and mode per data.md §6', () => {
    assert.deepEqual(mediaTypes('zip', false), {
      mode: 'annotation',
      compressedChunkType: 'imageset',
      originalChunkType: 'imageset',
    });
    assert.deepEqual(mediaTypes('video', false), {
      mode: 'interpolation',
      compressedChunkType: 'video',
      originalChunkType: 'video',
    });
    assert.equal(mediaTypes('video', true).compressedChunkType, 'imageset');
  });
});

describe('combination rules', () => {
  it('accept one unique kind or many of one multiple kind', () => {
    assert.equal(checkCombination(counts({ image: 5 }), false, false), 'image');
    assert.equal(checkCombination(counts({ directory: 2 }), false, false), 'directory');
    assert.equal(checkCombination(counts({ video: 1 }), true, true), 'video');
  });

  it('reject mixtures with the reference texts', () => {
    assert.equal(
      failureText(() => checkCombination(counts({ image: 2, video: 1 }), false, false)),
      'ValueError: Only one video, archive, pdf, zip or many image, directory can be used simultaneously, ' +
        'but 2 image(s), 1 video(s), 0 archive(s), 0 directory(s), 0 pdf(s), 0 zip(s) found.',
    );
    assert.match(
      failureText(() => checkCombination(counts({ video: 2 }), false, false)),
      /but 0 image\(s\), 2 video/,
    );
    assert.match(
      failureText(() => checkCombination(counts({ pdf: 1, zip: 1 }), false, false)),
      /^ValueError: Only one/,
    );
    assert.equal(
      failureText(() => checkCombination(counts({}), false, false)),
      'ValueError: No media data found',
    );
    assert.equal(
      failureText(() => checkCombination(counts({ image: 1, directory: 1 }), false, false)),
      'Exception: Combined data types are not supported',
    );
  });

  it('accept meta_info.txt only with a video in cache mode', () => {
    assert.equal(
      failureText(() => checkCombination(counts({ image: 1 }), true, true)),
      'Exception: File with meta information can only be uploaded with video file',
    );
    assert.equal(
      failureText(() => checkCombination(counts({ video: 1 }), true, false)),
      "AssertionError: File with meta information can be uploaded if 'Use cache' option is also selected",
    );
  });

  it('drop a directory entry when files inside it are listed too', () => {
    const directories = new Set(['data', 'other/']);
    const kept = dropCoveredDirectories(['data', 'data/a.jpg', 'other/', 'x.jpg', '/data/b.jpg'], (entry) =>
      directories.has(entry),
    );
    assert.deepEqual(kept, ['data/a.jpg', 'other/', 'x.jpg', '/data/b.jpg']);
  });
});

describe('archive member paths', () => {
  it('keep relative paths and refuse absolute ones and .. components', () => {
    assert.equal(memberPath('./images/a.jpg'), 'images/a.jpg');
    assert.equal(memberPath('images//b.png'), 'images/b.png');
    assert.equal(memberPath('./'), undefined);
    for (const bad of ['../evil.jpg', 'a/../../evil.jpg', '/etc/passwd', 'C:/x.jpg', 'a/..']) {
      assert.throws(() => memberPath(bad), UnsafeMemberError, bad);
    }
  });

  it('tell links that stay inside from those that leave', () => {
    assert.equal(linkStaysInside('a/link', 'b.jpg'), true);
    assert.equal(linkStaysInside('a/link', '../b.jpg'), true);
    assert.equal(linkStaysInside('a/link', '../../b.jpg'), false);
    assert.equal(linkStaysInside('link', '/etc/passwd'), false);
  });
});

describe('video key-frame index', () => {
  const index = {
    frameCount: 100,
    timeBase: '1/12800',
    monotonic: true,
    keyFrames: [0, 30, 60, 90].map((frame) => ({ frame, pts: frame * 512 })),
  };

  it('finds the key frame to start decoding a chunk from', () => {
    assert.equal(keyFrameBefore(index.keyFrames, 0).frame, 0);
    assert.equal(keyFrameBefore(index.keyFrames, 29).frame, 0);
    assert.equal(keyFrameBefore(index.keyFrames, 30).frame, 30);
    assert.equal(keyFrameBefore(index.keyFrames, 99).frame, 90);
  });

  it('allows quick creation only for seekable videos with enough key frames', () => {
    assert.equal(quickCreationProblem(index, 36), undefined);
    assert.equal(quickCreationProblem(index, 10), 'Too few keyframes for smooth video decoding.');
    assert.equal(
      quickCreationProblem({ ...index, monotonic: false }, 36),
      'Uploaded video does not support a quick way of task creating.',
    );
  });

  it('round-trips meta_info.txt and checks it against the video', () => {
    const text = formatMetaInfo(index);
    assert.equal(text, '0 0\n30 15360\n60 30720\n90 46080\n100\n');
    const parsed = parseMetaInfo(text);
    assert.deepEqual(parsed?.keyFrames, index.keyFrames);
    const actual = { packets: 100, keyPts: [0, 15360, 30720, 46080] };
    assert.equal(verifyMetaInfo(parsed, actual), undefined);
    assert.match(verifyMetaInfo(parsed, { ...actual, packets: 99 }) ?? '', /does not match/);
    assert.equal(parseMetaInfo('0 0\n5 3\n'), undefined);
    assert.equal(parseMetaInfo('garbage'), undefined);
  });
});
