import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

import { Injectable } from '@nestjs/common';
import { ZipArchive } from 'archiver';

export interface ZipMember {
  readonly name: string;
  /** The bytes, or the path of a file to store as it is. */
  readonly content: Buffer | string;
}

/**
 * Writes imageset chunks. Members are stored, not deflated: JPEG and PNG do not shrink further and
 * deflating costs 10-40x the time. The file appears under its name only once it is complete.
 */
@Injectable()
export class ZipChunkWriter {
  async write(path: string, members: AsyncIterable<ZipMember> | Iterable<ZipMember>): Promise<number> {
    const temporary = `${path}.${randomBytes(4).toString('hex')}.part`;
    const archive = new ZipArchive({ store: true });
    const output = createWriteStream(temporary);
    const writing = pipeline(archive, output);
    writing.catch(() => undefined); // awaited below
    try {
      for await (const member of members) {
        if (typeof member.content === 'string') archive.file(member.content, { name: member.name });
        else archive.append(member.content, { name: member.name });
      }
      await archive.finalize();
      await writing;
      await rename(temporary, path);
      return archive.pointer();
    } catch (error) {
      archive.abort();
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
