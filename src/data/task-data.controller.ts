import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, type StreamableFile } from '@nestjs/common';
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

import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { CurrentUser } from '../auth/authentication/request-authentication.js';
import { Permission } from '../auth/permissions/permission.decorator.js';
import { TaskDataIntake, type DataRecordDto } from './intake/task-data-intake.service.js';
import { TaskStatusReader, type TaskStatusDto } from './processing/task-status.service.js';
import { sendServedData } from './serving/data-response.js';
import { TaskDataReader, type DataMetaDto, type DataQuery } from './serving/task-data-reader.service.js';

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
    return sendServedData(request, reply, await this.reader.data(user, id, query));
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
