import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { CurrentUser } from '../../auth/authentication/request-authentication.js';
import { Permission } from '../../auth/permissions/permission.decorator.js';
import { ListQuery, type ListParameters } from '../../auth/users/list-parameters.decorator.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import { Origin } from '../../common/http/origin.decorator.js';
import type { Page } from '../../common/pagination/page-request.js';
import { LocationHeaderInterceptor } from '../shared/location-header.interceptor.js';
import { ApiPage, ApiTaskListQuery } from '../shared/list-documentation.js';
import { TaskDto, TaskPatchDto, TaskWriteDto } from './task.dto.js';
import { TaskCreationService } from './task-creation.service.js';
import { TaskDeletionService } from './task-deletion.service.js';
import { TaskDirectoryService } from './task-directory.service.js';
import { TaskUpdateService } from './task-update.service.js';

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly directory: TaskDirectoryService,
    private readonly creation: TaskCreationService,
    private readonly updates: TaskUpdateService,
    private readonly deletion: TaskDeletionService,
  ) {}

  @Get()
  @Permission('tasks.list')
  @ApiTaskListQuery()
  @ApiPage(TaskDto, 'The tasks the requester may see, newest first unless ordered otherwise.')
  list(@CurrentUser() user: AuthenticatedUser, @ListQuery() request: ListParameters): Promise<Page<TaskDto>> {
    return this.directory.list(user, request);
  }

  @Post()
  @Permission('tasks.create')
  @UseInterceptors(LocationHeaderInterceptor)
  @ApiBody({ type: TaskWriteDto })
  @ApiCreatedResponse({ type: TaskDto, description: 'With a `Location` header; media fields are absent.' })
  @ApiBadRequestResponse({ description: 'Field errors, or `["The user has the maximum number of tasks"]`.' })
  @ApiForbiddenResponse({ description: 'Neither an admin nor in the `user` role.' })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: unknown,
    @Origin() origin: RequestOrigin,
  ): Promise<TaskDto> {
    return this.creation.create(user, body, origin);
  }

  @Get(':id')
  @Permission('tasks.retrieve')
  @ApiOkResponse({ type: TaskDto })
  @ApiForbiddenResponse({ description: 'The requester may not read the task.' })
  @ApiNotFoundResponse({ description: 'No such task.' })
  retrieve(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<TaskDto> {
    return this.directory.retrieve(user, id, origin);
  }

  @Put(':id')
  @Permission('tasks.replace')
  @ApiBody({ type: TaskWriteDto })
  @ApiOkResponse({ type: TaskDto, description: 'Fields not given keep their values; labels are merged.' })
  @ApiBadRequestResponse({ description: 'Field errors.' })
  @ApiForbiddenResponse({ description: 'The requester may not change the task.' })
  @ApiNotFoundResponse({ description: 'No such task.' })
  replace(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: unknown,
    @Origin() origin: RequestOrigin,
  ): Promise<TaskDto> {
    return this.updates.update(user, id, body, origin, 'replace');
  }

  @Patch(':id')
  @Permission('tasks.update')
  @ApiBody({ type: TaskPatchDto })
  @ApiOkResponse({ type: TaskDto, description: 'Labels are merged by name; nothing is deleted or renamed.' })
  @ApiBadRequestResponse({ description: 'Field errors.' })
  @ApiForbiddenResponse({ description: 'The requester may not change the task.' })
  @ApiNotFoundResponse({ description: 'No such task.' })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: unknown,
    @Origin() origin: RequestOrigin,
  ): Promise<TaskDto> {
    return this.updates.update(user, id, body, origin, 'patch');
  }

  @Delete(':id')
  @HttpCode(204)
  @Permission('tasks.delete')
  @ApiNoContentResponse({ description: 'The task, its jobs and annotations, its files and unshared media.' })
  @ApiForbiddenResponse({ description: 'The requester may not delete the task.' })
  @ApiNotFoundResponse({ description: 'No such task.' })
  delete(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    return this.deletion.delete(user, id);
  }
}
