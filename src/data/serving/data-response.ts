import { StreamableFile } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import parseRange from 'range-parser';

import type { ByteRange, ServedData } from './task-data-reader.service.js';

/** Browsers and cvat-core may keep media of a task for a while; it never changes once prepared. */
const DATA_CACHE_CONTROL = 'private, max-age=3600';

/** Whether an `If-None-Match` header names `etag` (weak comparison, `*` matches anything). */
function matches(header: string | string[] | undefined, etag: string): boolean {
  const values = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  return values.some((value) => {
    const tag = value.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/**
 * The one byte range a request asks for, `'unsatisfiable'` (also for ranges that cannot be read,
 * as Express answers them), or undefined to send the whole body: without `Range`, when `If-Range`
 * names another version, for another unit or no ranges at all, and for several ranges (RFC 9110
 * lets a server answer those with the whole body, as nginx does).
 */
function requestedRange(
  request: FastifyRequest,
  served: ServedData,
): ByteRange | 'unsatisfiable' | undefined {
  const header = request.headers.range;
  if (!header) return undefined;
  const ifRange = request.headers['if-range'];
  if (ifRange !== undefined && String(ifRange).trim() !== served.etag) return undefined;
  const ranges = parseRange(served.length, header, { combine: true });
  if (ranges === -1) return 'unsatisfiable';
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return undefined;
  return ranges[0];
}

/** Writes the validators and either a 304, a 206 with the asked range, a 416, or the whole body. */
export async function sendServedData(
  request: FastifyRequest,
  reply: FastifyReply,
  served: ServedData,
): Promise<Buffer | StreamableFile | undefined> {
  reply
    .header('etag', served.etag)
    .header('cache-control', DATA_CACHE_CONTROL)
    .header('accept-ranges', 'bytes');
  if (matches(request.headers['if-none-match'], served.etag)) {
    reply.status(304);
    return undefined;
  }
  const range = requestedRange(request, served);
  if (range === 'unsatisfiable') {
    reply.status(416).header('content-range', `bytes */${served.length}`);
    return undefined;
  }
  if (range) reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${served.length}`);
  const body = await served.read(range);
  const length = range ? range.end - range.start + 1 : served.length;
  if (!Buffer.isBuffer(body)) return new StreamableFile(body, { type: served.contentType, length });
  // Bytes go out in one write, without a stream around them.
  reply.header('content-type', served.contentType);
  return body;
}
