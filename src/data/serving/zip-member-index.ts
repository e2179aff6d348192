import { open } from 'node:fs/promises';

import yauzl from 'yauzl';

import { FileDerivedCache, type FileVersion } from '../../common/storage/file-derived-cache.js';

/** Where the bytes of one zip member lie in the zip file. */
export interface ZipMemberSpan {
  /** Offset of the member's first data byte in the file. */
  readonly start: number;
  /** Bytes of data as stored. */
  readonly length: number;
  /** Stored members can be sent as a byte range of the file; deflated ones must be inflated. */
  readonly stored: boolean;
}

const LOCAL_HEADER = 0x04034b50;
const LOCAL_HEADER_SIZE = 30;

/**
 * The member offsets of recently read zip chunks, so that serving one frame of a chunk is a byte
 * range of the chunk file: no directory parsing per request, no copy through memory. A chunk's
 * members never move while its size and modification time stay the same.
 */
export class ZipMemberIndex {
  private readonly zips = new FileDerivedCache<Map<string, ZipMemberSpan>>(512);

  /** The span of `name` in the zip at `path`, or undefined when the zip has no such member. */
  async find(path: string, version: FileVersion, name: string): Promise<ZipMemberSpan | undefined> {
    return (await this.zips.get(path, version, readMemberSpans)).get(name);
  }
}

/** Reads the central directory (through yauzl, which knows ZIP64) and each member's local header. */
export async function readMemberSpans(path: string): Promise<Map<string, ZipMemberSpan>> {
  const entries = await centralEntries(path);
  const spans = new Map<string, ZipMemberSpan>();
  const file = await open(path, 'r');
  try {
    const header = Buffer.alloc(LOCAL_HEADER_SIZE);
    for (const entry of entries) {
      const { bytesRead } = await file.read(header, 0, LOCAL_HEADER_SIZE, entry.relativeOffsetOfLocalHeader);
      if (bytesRead !== LOCAL_HEADER_SIZE || header.readUInt32LE(0) !== LOCAL_HEADER) {
        throw new Error(`${path}: no local header for ${entry.fileName}`);
      }
      // The local name and extra field may differ in length from those of the central directory.
      const start =
        entry.relativeOffsetOfLocalHeader +
        LOCAL_HEADER_SIZE +
        header.readUInt16LE(26) +
        header.readUInt16LE(28);
      spans.set(entry.fileName, {
        start,
        length: entry.compressedSize,
        stored: entry.compressionMethod === 0 && entry.compressedSize === entry.uncompressedSize,
      });
    }
  } finally {
    await file.close();
  }
  return spans;
}

async function centralEntries(path: string): Promise<yauzl.Entry[]> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  try {
    const entries: yauzl.Entry[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.push(entry);
        zip.readEntry();
      });
      zip.once('end', () => resolve());
      zip.once('error', reject);
      zip.readEntry();
    });
    return entries;
  } finally {
    zip.close();
  }
}
