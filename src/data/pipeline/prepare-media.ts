import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { Injectable } from '@nestjs/common';

import { chunkCount, defaultChunkSize, type ChunkType } from '../frames/chunking.js';
import { sortFrameNames } from '../frames/frame-order.js';
import {
  frameRange,
  maxSelectedFrames,
  selectFrames,
  selectionOfSize,
  sourceFrameOf,
  validateFrameOptions,
  type FrameRange,
  type FrameSelection,
} from '../frames/frame-selection.js';
import { ImageCodec } from '../media/image-codec.js';
import { MediaDetector, type DetectedMedia } from '../media/media-detector.js';
import { mediaTypes, type MediaKind } from '../media/media-kinds.js';
import { MediaFailures } from '../media-failure.js';
import { ArchiveReader } from '../readers/archive-reader.js';
import { PdfReader } from '../readers/pdf-reader.js';
import { VideoReader, type KeyFrameIndex } from '../readers/video-reader.js';
import type { VideoSource } from '../writers/mp4-chunk-writer.js';
import { ImageChunkBuilder, type ImageFrame } from './image-chunks.js';
import {
  COMPRESSED_DIR,
  MANIFEST_FILE,
  ORIGINAL_DIR,
  PREVIEW_FILE,
  type FrameInfo,
  type MediaManifest,
  type VideoManifest,
} from './media-manifest.js';
import { parseMetaInfo, quickCreationProblem, verifyMetaInfo } from './video-index.js';
import { percentReporter, type ProgressListener } from './progress.js';
import { Rollback } from './rollback.js';
import { VideoChunkBuilder } from './video-chunks.js';

/** The media options of `POST /tasks/:id/data` (data.md §2). */
export interface PrepareOptions {
  readonly imageQuality: number;
  readonly chunkSize?: number;
  readonly startFrame?: number;
  /** Undefined when the request did not give one (an explicit 0 takes frame 0 only). */
  readonly stopFrame?: number;
  readonly frameFilter?: string;
  readonly useZipChunks?: boolean;
  /** Already combined with the server's cache switch. */
  readonly useCache?: boolean;
}

export interface PrepareInput {
  /** The upload area holding the staged files; frame names are relative to it. It is kept. */
  readonly uploadDir: string;
  /** The staged files and directories, relative to `uploadDir`. */
  readonly entries: readonly string[];
  /** Receives `compressed/`, `original/`, `preview.jpeg` and `manifest.json`. */
  readonly outputDir: string;
}

interface Context {
  readonly input: PrepareInput;
  readonly options: PrepareOptions;
  readonly range: FrameRange;
  readonly onProgress: ProgressListener;
  readonly rollback: Rollback;
}

/**
 * Turns staged uploads into what a task needs: chunks of both qualities (or, in on-the-fly mode,
 * the frame list or key-frame index), the preview and the manifest. On failure everything it
 * wrote is removed, consumed archives are put back, and the error is a `MediaFailure` carrying
 * CVAT's status text. Frames are streamed: memory does not grow with the task.
 */
@Injectable()
export class MediaPreparer {
  constructor(
    private readonly detector: MediaDetector,
    private readonly archives: ArchiveReader,
    private readonly pdfs: PdfReader,
    private readonly videos: VideoReader,
    private readonly codec: ImageCodec,
    private readonly imageChunks: ImageChunkBuilder,
    private readonly videoChunks: VideoChunkBuilder,
  ) {}

  async prepare(
    input: PrepareInput,
    options: PrepareOptions,
    onProgress: ProgressListener = () => {},
  ): Promise<MediaManifest> {
    validateFrameOptions(options);
    const rollback = await Rollback.begin(input.uploadDir, input.outputDir);
    try {
      const context = { input, options, range: frameRange(options), onProgress, rollback };
      const detected = await this.detector.detect(input, options.useCache ?? false);
      const manifest =
        detected.kind === 'video'
          ? await this.prepareVideo(context, detected)
          : await this.prepareImages(context, detected.kind, await this.imageNames(context, detected));
      await writeAtomically(join(input.outputDir, MANIFEST_FILE), JSON.stringify(manifest));
      await rollback.commit();
      return manifest;
    } catch (error) {
      await rollback.undo();
      throw error;
    }
  }

  /** The image files a task of this kind is made of, relative to the upload area. */
  private async imageNames(context: Context, detected: DetectedMedia): Promise<string[]> {
    const { input, rollback, onProgress } = context;
    const entry = detected.entries[0];
    switch (detected.kind) {
      case 'image':
        return [...detected.entries];
      case 'directory':
        return this.detector.findImages(input.uploadDir, detected.entries);
      case 'archive':
      case 'zip': {
        onProgress({ stage: 'extracting' });
        const archive = await rollback.consume(entry);
        await this.archives.extract(archive, input.uploadDir, basename(entry));
        return this.detector.findImages(input.uploadDir, [''], rollback.asideName);
      }
      case 'pdf': {
        onProgress({ stage: 'extracting' });
        const pdf = await rollback.consume(entry);
        return this.pdfs.render(pdf, input.uploadDir, context.options.stopFrame, basename(entry));
      }
      default:
        throw MediaFailures.noMedia();
    }
  }

  private async prepareImages(context: Context, kind: MediaKind, names: string[]): Promise<MediaManifest> {
    const { input, options, onProgress } = context;
    if (names.length === 0) throw MediaFailures.noMedia();
    const sources: ImageFrame[] = sortFrameNames(names, (name) => name).map((name) => ({
      name,
      path: join(input.uploadDir, name),
    }));
    const selection = selectFrames(sources.length, context.range);
    const first = sources[0];
    const chunkSize =
      options.chunkSize ?? defaultChunkSize('imageset', await this.codec.probe(first.path, first.name));
    await writeAtomically(
      join(input.outputDir, PREVIEW_FILE),
      await this.codec.preview(first.path, first.name),
    );

    const frames = Array.from({ length: selection.size }, (_, k) => sources[sourceFrameOf(selection, k)]);
    const report = percentReporter(frames.length, onProgress);
    report(0);
    let infos: FrameInfo[];
    if (options.useCache) {
      infos = await this.imageChunks.probeAll(frames, report);
    } else {
      const dirs = await outputDirs(input.outputDir);
      infos = await this.imageChunks.writeAll(frames, chunkSize, options.imageQuality, dirs, report);
    }
    return manifestOf(context, kind, selection, chunkSize, 'imageset', { frames: infos });
  }

  private async prepareVideo(context: Context, detected: DetectedMedia): Promise<MediaManifest> {
    const { input, options, range, onProgress } = context;
    const name = detected.entries[0];
    const path = join(input.uploadDir, name);
    const info = await this.videos.probe(path, basename(name));
    const video: VideoSource = { path, name: basename(name), info };
    const compressedType: ChunkType = options.useZipChunks ? 'imageset' : 'video';
    const chunkSize = options.chunkSize ?? defaultChunkSize(compressedType, info);
    const preview = await this.codec.preview(
      await this.videos.firstFrame(path, info, video.name),
      video.name,
    );
    await writeAtomically(join(input.outputDir, PREVIEW_FILE), preview);
    const described: VideoManifest = {
      name,
      width: info.width,
      height: info.height,
      fps: info.fps,
      codec: info.codec,
    };

    if (options.useCache) {
      const index = await this.videoIndex(context, video, detected.metaInfo);
      const problem = quickCreationProblem(index, chunkSize);
      if (!problem) {
        const selection = selectFrames(index.frameCount, range);
        return manifestOf(context, 'video', selection, chunkSize, compressedType, {
          video: { ...described, index },
        });
      }
      onProgress({ stage: 'notice', message: `${problem} The task will be created using the old method` });
    }

    const dirs = await outputDirs(input.outputDir);
    const expected = info.estimatedFrames
      ? Math.min(maxSelectedFrames(range), Math.ceil((info.estimatedFrames - range.startFrame) / range.step))
      : undefined;
    const report = percentReporter(expected, onProgress);
    report(0);
    const frames = await this.videoChunks.writeAll({
      video,
      first: range.startFrame,
      step: range.step,
      maxFrames: range.stopFrame === undefined ? undefined : maxSelectedFrames(range),
      chunkSize,
      imageQuality: options.imageQuality,
      compressedType,
      compressedDir: dirs.compressed,
      originalDir: dirs.original,
      onProgress: report,
    });
    const selection = selectionOfSize(range, frames);
    return manifestOf(context, 'video', selection, chunkSize, compressedType, { video: described });
  }

  /** The key-frame index: an uploaded `meta_info.txt` when it matches the video, else a full decode. */
  private async videoIndex(context: Context, video: VideoSource, metaInfo?: string): Promise<KeyFrameIndex> {
    if (metaInfo) {
      const text = await readFile(join(context.input.uploadDir, metaInfo), 'utf8');
      const uploaded = parseMetaInfo(text);
      const actual = await this.videos.keyFrameTimestamps(video.path, video.name);
      const problem = uploaded
        ? verifyMetaInfo(uploaded, actual)
        : 'The uploaded meta information cannot be read.';
      if (!problem && uploaded) return { ...uploaded, timeBase: actual.timeBase };
      context.onProgress({ stage: 'notice', message: `${problem} Start prepare valid meta information.` });
    }
    const report = percentReporter(video.info.estimatedFrames, context.onProgress);
    return this.videos.indexKeyFrames(video.path, video.name, report);
  }
}

function manifestOf(
  context: Context,
  kind: MediaKind,
  selection: FrameSelection,
  chunkSize: number,
  compressedChunkType: ChunkType,
  content: { frames?: FrameInfo[]; video?: VideoManifest },
): MediaManifest {
  const { options } = context;
  return {
    version: 1,
    kind,
    mode: mediaTypes(kind, false).mode,
    storage: options.useCache && (!content.video || content.video.index) ? 'on-the-fly' : 'prepared',
    ...selection,
    frameFilter: options.frameFilter ?? '',
    imageQuality: options.imageQuality,
    chunkSize,
    chunkCount: chunkCount(selection.size, chunkSize),
    compressedChunkType,
    originalChunkType: kind === 'video' ? 'video' : 'imageset',
    frames: content.frames ?? [],
    ...(content.video ? { video: content.video } : {}),
  };
}

async function outputDirs(outputDir: string): Promise<{ compressed: string; original: string }> {
  const dirs = { compressed: join(outputDir, COMPRESSED_DIR), original: join(outputDir, ORIGINAL_DIR) };
  await mkdir(dirs.compressed, { recursive: true });
  await mkdir(dirs.original, { recursive: true });
  return dirs;
}

async function writeAtomically(path: string, content: string | Buffer): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.part`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}
