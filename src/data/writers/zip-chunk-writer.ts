import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

import { Injectable } from '@nestjs/common';

export interface ZipMember {
  readonly name: string;
  /** The bytes, or the path of a file to store as it is. */
  readonly content: Buffer | string;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
const UTF8_NAMES = 0x0800;
const VERSION = 20;
const VERSION_ZIP64 = 45;
/** Made on Unix: unzip would otherwise read the UTF-8 names of the directory in a DOS code page. */
const MADE_BY = (3 << 8) | VERSION_ZIP64;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;
/** A regular file readable by all, in the Unix half of the external attributes. */
const FILE_MODE = (0o100644 << 16) >>> 0;
/**
 * Files are copied through one buffer of this size per zip: few system calls, and no new memory
 * per member. A buffer per member made V8 collect its whole heap every few hundred milliseconds
 * (external memory pressure) while a task's chunks were written, which cost the server about a
 * sixth more CPU than the same work in a small process (measured with --trace-gc).
 */
const COPY_PIECE = 1 * 2 ** 20;

interface Entry {
  readonly name: Buffer;
  readonly crc: number;
  readonly size: number;
  readonly offset: number;
}

/**
 * Writes imageset chunks. Members are stored, not deflated: JPEG and PNG do not shrink further and
 * deflating costs 10-40x the time. The file appears under its name only once it is complete.
 */
@Injectable()
export class ZipChunkWriter {
  write(path: string, members: AsyncIterable<ZipMember> | Iterable<ZipMember>): Promise<number> {
    return writeStoredZip(path, members);
  }
}

/**
 * A stored zip written directly, with the CRC-32 of zlib: a generic archiver computed it in
 * JavaScript and passed every piece through several streams, which took more of the event loop
 * than anything else while a task's chunks were written (measured). ZIP64 records are added only
 * when a size, an offset or the member count needs them; `zip64Above` lowers that limit for tests.
 */
export async function writeStoredZip(
  path: string,
  members: AsyncIterable<ZipMember> | Iterable<ZipMember>,
  zip64Above = MAX_32,
): Promise<number> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.part`;
  const file = await open(temporary, 'w');
  try {
    const out = new Output(file);
    const entries: Entry[] = [];
    const time = dosDateTime(new Date());
    let piece: Buffer | undefined;
    for await (const member of members) {
      const name = Buffer.from(member.name, 'utf8');
      const offset = out.position;
      if (typeof member.content === 'string') {
        piece ??= Buffer.allocUnsafe(COPY_PIECE);
        entries.push(await copyFile(out, member.content, piece, { name, offset, time, zip64Above }));
      } else {
        const entry = { name, crc: crc32(member.content), size: member.content.length, offset };
        // Two writes rather than a concatenated copy of the member.
        await out.write(localHeader(entry, time, zip64Above));
        await out.write(member.content);
        entries.push(entry);
      }
    }
    const directoryOffset = out.position;
    await out.write(Buffer.concat(entries.map((entry) => centralHeader(entry, time, zip64Above))));
    await out.write(endOfDirectory(entries.length, directoryOffset, out.position, zip64Above));
    await file.close();
    await rename(temporary, path);
    return out.position;
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Sequential writes to a file handle, which may take fewer bytes per call than given. */
class Output {
  position = 0;

  constructor(private readonly file: FileHandle) {}

  async write(bytes: Buffer): Promise<void> {
    await this.writeAt(bytes, this.position);
    this.position += bytes.length;
  }

  async writeAt(bytes: Buffer, position: number): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.file.write(bytes, done, bytes.length - done, position + done);
      done += bytesWritten;
    }
  }
}

interface MemberPlace {
  readonly name: Buffer;
  readonly offset: number;
  readonly time: DosTime;
  readonly zip64Above: number;
}

/**
 * Copies a file after its local header through `piece`, then puts the CRC it computed on the way
 * into the header.
 */
async function copyFile(out: Output, source: string, piece: Buffer, place: MemberPlace): Promise<Entry> {
  const { name, offset, time, zip64Above } = place;
  const input = await open(source, 'r');
  try {
    const size = (await input.stat()).size;
    await out.write(localHeader({ name, crc: 0, size, offset }, time, zip64Above));
    let crc = 0;
    let copied = 0;
    while (copied < size) {
      const { bytesRead } = await input.read(piece, 0, Math.min(piece.length, size - copied), copied);
      if (bytesRead === 0) break;
      const bytes = piece.subarray(0, bytesRead);
      crc = crc32(bytes, crc);
      await out.write(bytes);
      copied += bytesRead;
    }
    if (copied !== size) throw new Error(`${source} changed while it was being stored`);
    const crcField = Buffer.alloc(4);
    crcField.writeUInt32LE(crc);
    await out.writeAt(crcField, offset + 14);
    return { name, crc, size, offset };
  } finally {
    await input.close();
  }
}

function localHeader(entry: Entry, time: DosTime, zip64Above: number): Buffer {
  const zip64 = entry.size >= zip64Above;
  const extra = zip64 ? zip64Extra([entry.size, entry.size]) : Buffer.alloc(0);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(LOCAL_HEADER, 0);
  header.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION, 4);
  header.writeUInt16LE(UTF8_NAMES, 6);
  header.writeUInt16LE(0, 8); // stored
  header.writeUInt16LE(time.time, 10);
  header.writeUInt16LE(time.date, 12);
  header.writeUInt32LE(entry.crc, 14);
  header.writeUInt32LE(zip64 ? MAX_32 : entry.size, 18);
  header.writeUInt32LE(zip64 ? MAX_32 : entry.size, 22);
  header.writeUInt16LE(entry.name.length, 26);
  header.writeUInt16LE(extra.length, 28);
  return Buffer.concat([header, entry.name, extra]);
}

function centralHeader(entry: Entry, time: DosTime, zip64Above: number): Buffer {
  const bigSize = entry.size >= zip64Above;
  const bigOffset = entry.offset >= zip64Above;
  // The ZIP64 extra holds exactly the fields marked as too large, in this order.
  const large = [...(bigSize ? [entry.size, entry.size] : []), ...(bigOffset ? [entry.offset] : [])];
  const extra = large.length > 0 ? zip64Extra(large) : Buffer.alloc(0);
  const header = Buffer.alloc(46);
  header.writeUInt32LE(CENTRAL_HEADER, 0);
  header.writeUInt16LE(MADE_BY, 4);
  header.writeUInt16LE(large.length > 0 ? VERSION_ZIP64 : VERSION, 6);
  header.writeUInt16LE(UTF8_NAMES, 8);
  header.writeUInt16LE(0, 10); // stored
  header.writeUInt16LE(time.time, 12);
  header.writeUInt16LE(time.date, 14);
  header.writeUInt32LE(entry.crc, 16);
  header.writeUInt32LE(bigSize ? MAX_32 : entry.size, 20);
  header.writeUInt32LE(bigSize ? MAX_32 : entry.size, 24);
  header.writeUInt16LE(entry.name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  // Comment length, disk number and internal attributes stay 0.
  header.writeUInt32LE(FILE_MODE, 38);
  header.writeUInt32LE(bigOffset ? MAX_32 : entry.offset, 42);
  return Buffer.concat([header, entry.name, extra]);
}

function endOfDirectory(count: number, offset: number, end: number, zip64Above: number): Buffer {
  const size = end - offset;
  const zip64 = count >= MAX_16 || offset >= zip64Above || size >= zip64Above;
  const record = Buffer.alloc(22);
  record.writeUInt32LE(END_OF_DIRECTORY, 0);
  record.writeUInt16LE(zip64 ? MAX_16 : count, 8);
  record.writeUInt16LE(zip64 ? MAX_16 : count, 10);
  record.writeUInt32LE(zip64 ? MAX_32 : size, 12);
  record.writeUInt32LE(zip64 ? MAX_32 : offset, 16);
  if (!zip64) return record;

  const zip64Record = Buffer.alloc(56);
  zip64Record.writeUInt32LE(ZIP64_END_OF_DIRECTORY, 0);
  zip64Record.writeBigUInt64LE(44n, 4); // the size of the rest of this record
  zip64Record.writeUInt16LE(MADE_BY, 12);
  zip64Record.writeUInt16LE(VERSION_ZIP64, 14);
  zip64Record.writeBigUInt64LE(BigInt(count), 24);
  zip64Record.writeBigUInt64LE(BigInt(count), 32);
  zip64Record.writeBigUInt64LE(BigInt(size), 40);
  zip64Record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(ZIP64_LOCATOR, 0);
  locator.writeBigUInt64LE(BigInt(end), 8);
  locator.writeUInt32LE(1, 16); // total number of disks
  return Buffer.concat([zip64Record, locator, record]);
}

function zip64Extra(values: readonly number[]): Buffer {
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(ZIP64_EXTRA, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((value, index) => extra.writeBigUInt64LE(BigInt(value), 4 + 8 * index));
  return extra;
}

interface DosTime {
  readonly time: number;
  readonly date: number;
}

/** MS-DOS local time as zip headers store it: two-second resolution, years from 1980. */
function dosDateTime(at: Date): DosTime {
  const year = Math.max(0, at.getFullYear() - 1980);
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
    date: (year << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}
