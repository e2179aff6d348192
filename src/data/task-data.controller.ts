import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import parseRange from 'range-parser';

import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { CurrentUser } from '../auth/authentication/request-authentication.js';
import { Permission } from '../auth/permissions/permission.decorator.js';
import { TaskDataIntake, type DataRecordDto } from './intake/task-data-intake.service.js';
import { TaskStatusReader, type TaskStatusDto } from './processing/task-status.service.js';
import {
  TaskDataReader,
  type ByteRange,
  type DataMetaDto,
  type DataQuery,
  type ServedData,
} from './serving/task-data-reader.service.js';

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
async function send(
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

@ApiTags('tasks')
@Controller('tasks')
export class TaskDataController {
  constructor(
    private readonly intake: TaskDataIntake,
    private readonly statuses: TaskStatusReader,
    private readonly reader: TaskDataReader,
  ) {}

  @Post(':id/data')
  @HttpCode(202)
  @Permission('tasks.data-create')
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiAcceptedResponse({
    description:
      'The uploads are stored and processing is queued; share files and downloads are fetched by it. Poll `status`.',
  })
  @ApiBadRequestResponse({
    description: 'Field errors, or `["Adding more data is not supported"]` when the task has media.',
  })
  @ApiForbiddenResponse({ description: 'The requester may not change the task.' })
  @ApiNotFoundResponse({ description: 'No such task.' })
  @ApiPayloadTooLargeResponse({ description: 'Too many files, or a file or the upload too large.' })
  attach(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
  ): Promise<DataRecordDto> {
    return this.intake.attach(user, id, request);
  }

  @Get(':id/status')
  @Permission('tasks.status')
  @ApiOkResponse({ description: '`{"state": "Queued"|"Started"|"Finished"|"Failed", "message": "..."}`.' })
  @ApiForbiddenResponse({ description: 'The requester may not read the task.' })
  @ApiNotFoundResponse({ description: 'No such task.' })
  status(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<TaskStatusDto> {
    return this.statuses.status(user, id);
  }

  @Get(':id/data')
  @Permission('tasks.data-retrieve')
  @ApiQuery({ name: 'type', required: true, enum: ['chunk', 'frame', 'preview'] })
  @ApiQuery({ name: 'number', required: false, description: 'Chunk index or task-relative frame.' })
  @ApiQuery({ name: 'quality', required: false, enum: ['compressed', 'original'] })
  @ApiProduces('application/zip', 'video/mp4', 'image/jpeg', 'image/png')
  @ApiOkResponse({ description: 'The chunk, frame or preview; `If-None-Match` with its ETag → 304.' })
  @ApiResponse({
    status: 206,
    description: 'The byte range asked for by `Range: bytes=...` (one range; `If-Range` is honoured).',
  })
  @ApiResponse({
    status: 416,
    description: 'The asked range lies beyond the body; `Content-Range: bytes */size`.',
  })
  @ApiBadRequestResponse({ description: 'A bare JSON string naming the bad parameter or missing media.' })
  @ApiForbiddenResponse({
    description: 'The bare string "You do not have permission to perform this action."',
  })
  @ApiNotFoundResponse({ description: 'No such task.' })
  async data(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: DataQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | StreamableFile | undefined> {
    return send(request, reply, await this.reader.data(user, id, query));
  }

  @Get(':id/data/meta')
  @Permission('tasks.data-meta')
  @ApiOkResponse({ description: 'Chunk size, frame range and filter, and the size and name of each frame.' })
  @ApiForbiddenResponse({ description: 'The requester may not read the task.' })
  @ApiNotFoundResponse({ description: 'No such task.' })
  meta(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<DataMetaDto> {
    return this.reader.meta(user, id);
  }
}
