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
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { CurrentUser } from '../auth/authentication/request-authentication.js';
import { Permission } from '../auth/permissions/permission.decorator.js';
import { TaskDataIntake, type DataRecordDto } from './intake/task-data-intake.service.js';
import { TaskStatusReader, type TaskStatusDto } from './processing/task-status.service.js';
import {
  TaskDataReader,
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

/** Writes the validators and either a 304 or the streamed body. */
function send(request: FastifyRequest, reply: FastifyReply, served: ServedData): StreamableFile | undefined {
  reply.header('etag', served.etag).header('cache-control', DATA_CACHE_CONTROL);
  if (matches(request.headers['if-none-match'], served.etag)) {
    reply.status(304);
    return undefined;
  }
  return new StreamableFile(served.open(), { type: served.contentType, length: served.length });
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
  ): Promise<StreamableFile | undefined> {
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
