import { availableParallelism } from 'node:os';

import type { AppConfig } from '../config/app-config.js';
import { ContentSniffer } from './media/content-sniffer.js';
import { ImageCodec, type ImageLimits } from './media/image-codec.js';
import { MediaDetector } from './media/media-detector.js';
import { ChunkSource } from './pipeline/chunk-source.js';
import { ImageChunkBuilder, type MediaConcurrency } from './pipeline/image-chunks.js';
import { MediaPreparer } from './pipeline/prepare-media.js';
import { VideoChunkBuilder } from './pipeline/video-chunks.js';
import { bundledFfmpegPath, Ffmpeg } from './process/ffmpeg.js';
import { ArchiveReader, type ArchiveLimits } from './readers/archive-reader.js';
import { PdfReader, type PdfTools } from './readers/pdf-reader.js';
import { VideoReader } from './readers/video-reader.js';
import type { RemoteFileLimits } from './sources/remote-downloader.js';
import { ChunkCache } from './storage/chunk-cache.js';
import { LocalStorageAdapter } from './storage/local-storage.adapter.js';
import { Mp4ChunkWriter } from './writers/mp4-chunk-writer.js';
import { ZipChunkWriter } from './writers/zip-chunk-writer.js';

const MB = 2 ** 20;

/** The tunables of the media pipeline, read from the settings table. */
export interface DataSettings extends ImageLimits, ArchiveLimits, MediaConcurrency, PdfTools {
  readonly ffmpegPath: string;
  readonly storageRoot: string;
  readonly chunkCacheBytes: number;
}

/** Measured best on 2 cores: 2-4 images in flight per core, each on one libvips thread. */
export function defaultImagesInFlight(): number {
  return 3 * availableParallelism();
}

export async function dataSettings(config: AppConfig, storageRoot: string): Promise<DataSettings> {
  return {
    ffmpegPath: config.ffmpegPath ?? (await bundledFfmpegPath()),
    storageRoot,
    maxPixels: config.mediaMaxImagePixels,
    maxExtractedBytes: config.mediaMaxExtractedMb * MB,
    imagesInFlight: config.mediaImagesInFlight || defaultImagesInFlight(),
    chunkCacheBytes: config.chunkCacheMaxMb * MB,
  };
}

export function remoteFileLimits(config: AppConfig): RemoteFileLimits {
  return {
    maxBytes: config.remoteFilesMaxMb * MB,
    connectTimeoutMs: config.remoteFilesConnectTimeoutSeconds * 1000,
    readTimeoutMs: config.remoteFilesReadTimeoutSeconds * 1000,
    maxRedirects: config.remoteFilesMaxRedirects,
    allowPrivate: config.remoteFilesAllowPrivate,
    allowedNetworks: config.remoteFilesAllowedNetworks ?? [],
  };
}

/** Every service of the data module wired by hand, for tests, benchmarks and scripts without Nest. */
export function createDataServices(settings: DataSettings) {
  const ffmpeg = new Ffmpeg(settings.ffmpegPath);
  const sniffer = new ContentSniffer();
  const codec = new ImageCodec(settings, ffmpeg);
  const zip = new ZipChunkWriter();
  const mp4 = new Mp4ChunkWriter(ffmpeg);
  const videos = new VideoReader(ffmpeg);
  const detector = new MediaDetector(sniffer);
  const archives = new ArchiveReader(sniffer, settings);
  const pdfs = new PdfReader(settings, settings);
  const imageChunks = new ImageChunkBuilder(codec, zip, settings);
  const videoChunks = new VideoChunkBuilder(mp4, videos, codec, zip, settings);
  const storage = new LocalStorageAdapter(settings.storageRoot);
  const cache = new ChunkCache(storage, settings.chunkCacheBytes);
  const preparer = new MediaPreparer(detector, archives, pdfs, videos, codec, imageChunks, videoChunks);
  const chunks = new ChunkSource(imageChunks, videoChunks, videos, codec, cache);
  return {
    ffmpeg,
    sniffer,
    codec,
    zip,
    mp4,
    videos,
    detector,
    archives,
    pdfs,
    imageChunks,
    videoChunks,
    storage,
    cache,
    preparer,
    chunks,
  };
}

export type DataServices = ReturnType<typeof createDataServices>;
