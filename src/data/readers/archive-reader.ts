import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

import { Inject, Injectable, Logger } from '@nestjs/common';
import tar from 'tar-stream';
import bz2 from 'unbzip2-stream';
import xz from 'xz-decompress';
import yauzl from 'yauzl';

import { ContentSniffer } from '../media/content-sniffer.js';
import { MediaFailure, MediaFailures } from '../media-failure.js';
import {
  ExtractionBudget,
  ExtractionBudgetError,
  linkStaysInside,
  memberPath,
  UnsafeMemberError,
} from './extraction-guard.js';

export const ARCHIVE_LIMITS = Symbol('ARCHIVE_LIMITS');

export interface ArchiveLimits {
  /** Extraction stops with an error once this many bytes were written. */
  readonly maxExtractedBytes: number;
}

const TAR_BLOCK = 512;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const COMPRESSED_SUFFIX = /\.(gz|tgz|bz2|tbz2?|xz|txz)$/i;

type Decompressor = (input: Readable) => Readable;

/**
 * Extracts zip and tar archives (plain, gzip, bzip2, xz) and single compressed files. Members that
 * would land outside the target directory fail the extraction; links are never created.
 */
@Injectable()
export class ArchiveReader {
  private readonly logger = new Logger(ArchiveReader.name);

  constructor(
    private readonly sniffer: ContentSniffer,
    @Inject(ARCHIVE_LIMITS) private readonly limits: ArchiveLimits,
  ) {}

  /** Extracts `archive` into `targetDir`; returns the files written, relative to it. */
  async extract(archive: string, targetDir: string, name = basename(archive)): Promise<string[]> {
    const budget = new ExtractionBudget(this.limits.maxExtractedBytes);
    const written: string[] = [];
    try {
      const type = await this.sniffer.sniff(archive);
      const write = (relative: string, content: Readable) =>
        this.writeMember(targetDir, relative, content, budget, written);
      switch (type?.ext) {
        case 'zip':
          await this.extractZip(archive, name, write);
          break;
        case 'tar':
          await this.extractTar(createReadStream(archive), write);
          break;
        case 'gz':
        case 'tar.gz':
          await this.extractCompressed(archive, name, (input) => input.pipe(createGunzip()), write);
          break;
        case 'bz2':
          await this.extractCompressed(archive, name, bunzip, write);
          break;
        case 'xz':
          await this.extractCompressed(archive, name, unxz, write);
          break;
        default:
          throw MediaFailures.unsupportedArchive(name, type?.ext ?? 'this kind of');
      }
    } catch (error) {
      throw this.asFailure(error, name);
    }
    return written;
  }

  private async writeMember(
    targetDir: string,
    relative: string,
    content: Readable,
    budget: ExtractionBudget,
    written: string[],
  ): Promise<void> {
    const path = join(targetDir, relative);
    await mkdir(dirname(path), { recursive: true });
    await pipeline(content, budget.meter(), createWriteStream(path));
    written.push(relative);
  }

  private async extractZip(
    archive: string,
    name: string,
    write: (relative: string, content: Readable) => Promise<void>,
  ): Promise<void> {
    const zip = await yauzl.openPromise(archive, { lazyEntries: true, validateEntrySizes: true });
    try {
      for await (const entry of readZipEntries(zip)) {
        const relative = memberPath(entry.fileName);
        if (relative === undefined || entry.fileName.endsWith('/')) continue;
        if (entry.isEncrypted()) throw MediaFailures.unsupportedArchive(name, 'encrypted zip');
        const stream = await zip.openReadStreamPromise(entry);
        if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
          this.skipLink(relative, await readAll(stream));
          continue;
        }
        await write(relative, stream);
      }
    } finally {
      zip.close();
    }
  }

  private async extractTar(
    input: Readable,
    write: (relative: string, content: Readable) => Promise<void>,
  ): Promise<void> {
    const extract = tar.extract();
    let current: Readable | undefined;
    const feeding = pipeline(input, extract);
    const consuming = (async () => {
      for await (const entry of extract) {
        const { header } = entry;
        const relative = memberPath(header.name);
        if (relative !== undefined && (header.type === 'file' || header.type === 'contiguous-file')) {
          current = entry as unknown as Readable;
          await write(relative, current);
          current = undefined;
          continue;
        }
        if (relative !== undefined && header.type === 'symlink')
          this.skipLink(relative, header.linkname ?? '');
        // A hard link names its target from the archive root.
        if (relative !== undefined && header.type === 'link')
          this.skipLink(relative, header.linkname ?? '', true);
        entry.resume();
      }
    })();
    // A truncated input does not always end the extractor's iteration or the member being
    // written: the feeding pipeline's failure decides, and stops the member too.
    const failed = feeding.then(
      () => new Promise<never>(() => undefined),
      (error: Error) => {
        current?.destroy(error);
        throw error;
      },
    );
    try {
      await Promise.race([consuming, failed]);
      await feeding;
    } catch (error) {
      input.destroy();
      throw error;
    }
  }

  /** gzip, bzip2 and xz wrap either a tar archive or a single file (`a.jpg.gz`). */
  private async extractCompressed(
    archive: string,
    name: string,
    decompress: Decompressor,
    write: (relative: string, content: Readable) => Promise<void>,
  ): Promise<void> {
    const source = createReadStream(archive);
    const output = decompress(source);
    source.once('error', (error) => output.destroy(error));
    const { head, rest } = await peek(output, TAR_BLOCK);
    const whole = Readable.from(concatenated(head, rest));
    if (isTarHeader(head)) {
      await this.extractTar(whole, write);
    } else {
      const single = name.replace(COMPRESSED_SUFFIX, '');
      await write(single === name ? `${name}.out` : single, whole);
    }
  }

  private skipLink(member: string, target: string, fromRoot = false): void {
    if (!linkStaysInside(fromRoot ? '' : member, target)) throw new UnsafeMemberError(member);
    this.logger.warn({ member }, 'Skipped a link inside an archive');
  }

  private asFailure(error: unknown, name: string): Error {
    if (error instanceof MediaFailure) return error;
    if (error instanceof UnsafeMemberError) return MediaFailures.unsafeArchiveMember(name, error.member);
    if (error instanceof ExtractionBudgetError) {
      return MediaFailures.archiveTooLarge(name, Math.floor(this.limits.maxExtractedBytes / 2 ** 20));
    }
    const message = error instanceof Error ? error.message : String(error);
    const unsafe = /^(?:absolute path|invalid relative path): (.*)$/.exec(message);
    if (unsafe) return MediaFailures.unsafeArchiveMember(name, unsafe[1]);
    this.logger.warn({ archive: name, reason: message }, 'Could not extract an archive');
    return MediaFailures.damagedArchive(name);
  }
}

async function* readZipEntries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
      const onEntry = (found: yauzl.Entry) => settle(() => resolve(found));
      const onEnd = () => settle(() => resolve(undefined));
      const onError = (error: Error) => settle(() => reject(error));
      const settle = (then: () => void) => {
        zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
        then();
      };
      zip.once('entry', onEntry).once('end', onEnd).once('error', onError);
      zip.readEntry();
    });
    if (!entry) return;
    yield entry;
  }
}

/** unbzip2-stream is a classic stream that closes early; piping it into a PassThrough keeps the data. */
function bunzip(input: Readable): Readable {
  const decoder = bz2();
  const output = new PassThrough();
  decoder.once('error', (error: Error) => output.destroy(error));
  input.pipe(decoder).pipe(output);
  return output;
}

function unxz(input: Readable): Readable {
  const web = Readable.toWeb(input) as ReadableStream<Uint8Array>;
  return Readable.fromWeb(
    new xz.XzReadableStream(web) as import('node:stream/web').ReadableStream<Uint8Array>,
  );
}

async function readAll(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** Reads at least `length` bytes (fewer at the end) and hands back the rest of the stream. */
async function peek(
  stream: Readable,
  length: number,
): Promise<{ head: Buffer; rest: AsyncIterator<Buffer> }> {
  const rest = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const parts: Buffer[] = [];
  let size = 0;
  while (size < length) {
    const next = await rest.next();
    if (next.done) break;
    parts.push(next.value);
    size += next.value.length;
  }
  return { head: Buffer.concat(parts), rest };
}

async function* concatenated(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/** A POSIX tar header block: its stored checksum matches the sum of its bytes. */
export function isTarHeader(block: Buffer): boolean {
  if (block.length < TAR_BLOCK) return false;
  const stored = parseInt(block.subarray(148, 156).toString('latin1').replace(/\0.*$/, '').trim(), 8);
  if (Number.isNaN(stored)) return false;
  let sum = 0;
  for (let i = 0; i < TAR_BLOCK; i += 1) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  return sum === stored;
}
