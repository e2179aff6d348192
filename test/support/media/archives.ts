import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';

import { ZipArchive } from 'archiver';
import tar from 'tar-stream';

export interface MemberSpec {
  readonly name: string;
  readonly content?: Buffer | string;
  readonly type?: 'file' | 'directory' | 'symlink' | 'link';
  readonly linkname?: string;
}

/** A zip with the given members, deflated like ordinary zips are. */
export async function writeZip(path: string, members: readonly MemberSpec[]): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const archive = new ZipArchive({ zlib: { level: 6 } });
  const done = pipeline(archive, createWriteStream(path));
  for (const member of members) {
    if (member.type === 'symlink') archive.symlink(member.name, member.linkname ?? '');
    else archive.append(member.content ?? '', { name: member.name });
  }
  await archive.finalize();
  await done;
  return path;
}

/** A plain tar of the given members, as a buffer. */
export async function tarBuffer(members: readonly MemberSpec[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const member of members) {
    const header = { name: member.name, type: member.type ?? 'file', linkname: member.linkname };
    if (member.content === undefined) pack.entry(header);
    else
      pack.entry(header, typeof member.content === 'string' ? Buffer.from(member.content) : member.content);
  }
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const part of pack) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

export type Compression = 'none' | 'gzip' | 'bzip2' | 'xz';

/** Writes `data` compressed; bzip2 and xz use the system programs (tests skip without them). */
export async function writeCompressed(path: string, data: Buffer, compression: Compression): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  if (compression === 'none') await writeFile(path, data);
  else if (compression === 'gzip') await writeFile(path, gzipSync(data));
  else {
    const result = spawnSync(compression, ['-c'], { input: data, maxBuffer: 256 << 20 });
    if (result.status !== 0) throw new Error(`${compression} failed`);
    await writeFile(path, result.stdout);
  }
  return path;
}
