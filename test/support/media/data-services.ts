import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ServedFrame } from '../../../src/data/pipeline/chunk-source.js';
import { readSpan } from '../../../src/data/serving/file-body.js';
import { createDataServices, type DataServices, type DataSettings } from '../../../src/data/data-services.js';
import { FFMPEG } from './videos.js';

export interface DataWorkspace extends DataServices {
  readonly root: string;
  dir(...parts: string[]): string;
  remove(): Promise<void>;
}

/** The data services on a fresh temporary storage root, with test-sized limits unless overridden. */
export async function dataWorkspace(overrides: Partial<DataSettings> = {}): Promise<DataWorkspace> {
  const root = await mkdtemp(join(tmpdir(), 'cvat-data-'));
  const services = createDataServices({
    ffmpegPath: FFMPEG,
    storageRoot: root,
    maxPixels: 50_000_000,
    maxExtractedBytes: 64 * 2 ** 20,
    imagesInFlight: 4,
    chunkCacheBytes: 64 * 2 ** 20,
    ...overrides,
  });
  return {
    ...services,
    root,
    dir: (...parts) => join(root, ...parts),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** The bytes of a served frame, read from its file when it is a span of one. */
export async function frameBytes(frame: ServedFrame): Promise<Buffer> {
  return frame.kind === 'bytes' ? frame.body : readSpan(frame.path, frame.start, frame.length);
}
