import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { CurrentUser } from '../auth/authentication/request-authentication.js';
import { Permission } from '../auth/permissions/permission.decorator.js';
import { TaskDataIntake, type DataRecordDto } from './intake/task-data-intake.service.js';
import { TaskStatusReader, type TaskStatusDto } from './processing/task-status.service.js';

@ApiTags('tasks')
@Controller('tasks')
export class TaskDataController {
  constructor(
    private readonly intake: TaskDataIntake,
    private readonly statuses: TaskStatusReader,
  ) {}

  @Post(':id/data')
  @HttpCode(202)
  @Permission('tasks.data-create')
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiAcceptedResponse({ description: 'The files are stored and processing is queued; poll `status`.' })
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
}
