import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { FastifyRequest } from 'fastify';

import { FieldValidationError, PayloadTooLargeError } from '../../common/errors/domain-errors.js';

const MB = 2 ** 20;
const CLIENT_FILE_FIELD = /^client_files(\[\d+\])?$/;
/**
 * How much of a file the parser and the file writer each hold before waiting. At the streams'
 * default of 16 KB every piece is a separate write on the thread pool. With 256 KB, storing 300
 * 1080p JPEGs (140 MB) from another process took a median 0.55 s against 0.61 s at the default,
 * in alternating runs of eight uploads each; memory stays bounded by the piece size.
 */
const PIECE_BYTES = 256 * 1024;

export interface UploadLimits {
  readonly maxTotalBytes: number;
}

/** An upload streamed into a private directory; nothing of it is visible until it is moved. */
export interface StagedUpload {
  readonly dir: string;
  /** Stored base names, in upload order. */
  readonly files: string[];
  /** The non-file fields; a repeated field keeps its last value. */
  readonly fields: Record<string, unknown>;
  discard(): Promise<void>;
}

function isFileTooLarge(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT';
}

/** Counts the bytes of all files of one upload and fails once they pass the limit. */
function totalLimit(limits: UploadLimits, counter: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.bytes += chunk.length;
      if (counter.bytes > limits.maxTotalBytes) {
        callback(new PayloadTooLargeError(`The upload is larger than ${limits.maxTotalBytes / MB} MB`));
      } else callback(null, chunk);
    },
  });
}

/**
 * Streams the parts of a multipart request to disk under `tmpRoot` (never buffering a whole file)
 * and collects its fields; a JSON or form body gives fields only. On any failure the staged files
 * are removed before the error propagates.
 */
export async function stageUpload(
  request: FastifyRequest,
  tmpRoot: string,
  limits: UploadLimits,
): Promise<StagedUpload> {
  const dir = join(tmpRoot, `upload-${randomBytes(8).toString('hex')}`);
  const discard = () => rm(dir, { recursive: true, force: true });
  const files: string[] = [];
  const seen = new Set<string>();
  const fields: Record<string, unknown> = {};
  if (!request.isMultipart()) {
    const body = request.body;
    if (body && typeof body === 'object' && !Array.isArray(body)) Object.assign(fields, body);
    return { dir, files, fields, discard };
  }

  await mkdir(dir, { recursive: true });
  const counter = { bytes: 0 };
  try {
    for await (const part of request.parts({ highWaterMark: PIECE_BYTES, fileHwm: PIECE_BYTES })) {
      if (part.type === 'field') {
        fields[part.fieldname] = part.value;
        continue;
      }
      if (!CLIENT_FILE_FIELD.test(part.fieldname)) {
        part.file.resume();
        continue;
      }
      const name = basename(part.filename.replaceAll('\\', '/'));
      if (name === '' || name === '.' || name === '..') {
        throw FieldValidationError.of('client_files', `Bad file name: ${part.filename}`);
      }
      if (seen.has(name)) {
        throw FieldValidationError.of('client_files', `File ${name} is duplicated`);
      }
      seen.add(name);
      files.push(name);
      await pipeline(
        part.file,
        totalLimit(limits, counter),
        createWriteStream(join(dir, name), { highWaterMark: PIECE_BYTES }),
      );
    }
  } catch (error) {
    await discard();
    if (isFileTooLarge(error)) throw new PayloadTooLargeError('The upload is too large');
    throw error;
  }
  return { dir, files, fields, discard };
}
