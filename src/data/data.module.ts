import { Module, type Provider } from '@nestjs/common';

import { TasksModule } from '../tasks/tasks.module.js';
import { dataPaths } from '../common/storage/data-paths.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { dataSettings, remoteFileLimits, type DataSettings } from './data-services.js';
import { TaskDataIntake } from './intake/task-data-intake.service.js';
import { ContentSniffer } from './media/content-sniffer.js';
import { IMAGE_LIMITS, ImageCodec } from './media/image-codec.js';
import { MediaDetector } from './media/media-detector.js';
import { CHUNK_CACHE, ChunkSource } from './pipeline/chunk-source.js';
import { ImageChunkBuilder, MEDIA_CONCURRENCY } from './pipeline/image-chunks.js';
import { MediaPreparer } from './pipeline/prepare-media.js';
import { VideoChunkBuilder } from './pipeline/video-chunks.js';
import { TaskStatusReader } from './processing/task-status.service.js';
import { TaskDataReader } from './serving/task-data-reader.service.js';
import { REMOTE_FILE_LIMITS, RemoteDownloader } from './sources/remote-downloader.js';
import { ShareCopier } from './sources/share-copier.js';
import { TaskSourceFetcher } from './sources/task-sources.js';
import { Ffmpeg, FFMPEG_PATH } from './process/ffmpeg.js';
import { ARCHIVE_LIMITS, ArchiveReader } from './readers/archive-reader.js';
import { PDF_TOOLS, PdfReader } from './readers/pdf-reader.js';
import { VideoReader } from './readers/video-reader.js';
import { ChunkCache } from './storage/chunk-cache.js';
import { TaskDataController } from './task-data.controller.js';
import { LocalStorageAdapter, STORAGE_ROOT } from './storage/local-storage.adapter.js';
import { StorageAdapter } from './storage/storage-adapter.js';
import { Mp4ChunkWriter } from './writers/mp4-chunk-writer.js';
import { ZipChunkWriter } from './writers/zip-chunk-writer.js';

const DATA_SETTINGS = Symbol('DATA_SETTINGS');

/** The limits and paths every adapter reads, as one object behind several narrow tokens. */
const settingsProviders: Provider[] = [
  {
    provide: DATA_SETTINGS,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => dataSettings(config, dataPaths(config).root),
  },
  ...[IMAGE_LIMITS, ARCHIVE_LIMITS, MEDIA_CONCURRENCY, PDF_TOOLS].map((token) => ({
    provide: token,
    inject: [DATA_SETTINGS],
    useFactory: (settings: DataSettings) => settings,
  })),
  {
    provide: FFMPEG_PATH,
    inject: [DATA_SETTINGS],
    useFactory: (settings: DataSettings) => settings.ffmpegPath,
  },
  {
    provide: STORAGE_ROOT,
    inject: [DATA_SETTINGS],
    useFactory: (settings: DataSettings) => settings.storageRoot,
  },
  { provide: REMOTE_FILE_LIMITS, inject: [APP_CONFIG], useFactory: remoteFileLimits },
  {
    provide: CHUNK_CACHE,
    inject: [StorageAdapter, DATA_SETTINGS],
    useFactory: (storage: StorageAdapter, settings: DataSettings) =>
      new ChunkCache(storage, settings.chunkCacheBytes),
  },
];

/**
 * Media: upload intake, share copies and downloads, detection, readers, chunk writers, the
 * preparation pipeline, chunk serving and storage. The task-creation processor lives in `DataWorkerModule`.
 */
@Module({
  imports: [TasksModule],
  controllers: [TaskDataController],
  providers: [
    TaskDataIntake,
    TaskStatusReader,
    TaskDataReader,
    ...settingsProviders,
    { provide: StorageAdapter, useClass: LocalStorageAdapter },
    Ffmpeg,
    ContentSniffer,
    ImageCodec,
    MediaDetector,
    ArchiveReader,
    PdfReader,
    VideoReader,
    ZipChunkWriter,
    Mp4ChunkWriter,
    ImageChunkBuilder,
    VideoChunkBuilder,
    MediaPreparer,
    ChunkSource,
    ShareCopier,
    RemoteDownloader,
    TaskSourceFetcher,
  ],
  exports: [MediaPreparer, TaskSourceFetcher, ChunkSource, StorageAdapter, ImageCodec, VideoReader],
})
export class DataModule {}
