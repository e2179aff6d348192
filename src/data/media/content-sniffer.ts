import { open } from 'node:fs/promises';

import { Injectable } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';

export interface SniffedType {
  readonly ext: string;
  readonly mime: string;
}

const HEAD_BYTES = 8192;
const PNM = /^P[1-7]\s/;

/** Recognises a file from its first bytes (file-type, plus the PNM family it does not know). */
@Injectable()
export class ContentSniffer {
  async sniff(path: string): Promise<SniffedType | undefined> {
    const head = await readHead(path, HEAD_BYTES);
    if (head.length === 0) return undefined;
    const known = await fileTypeFromBuffer(head);
    if (known) return { ext: known.ext, mime: known.mime };
    if (PNM.test(head.subarray(0, 3).toString('latin1')))
      return { ext: 'pnm', mime: 'image/x-portable-anymap' };
    return undefined;
  }
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
