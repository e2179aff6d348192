import { Body, Controller, Delete, Get, Param, Patch, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiExcludeEndpoint,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { CurrentUser } from '../../auth/authentication/request-authentication.js';
import { Permission } from '../../auth/permissions/permission.decorator.js';
import { MethodNotAllowedError } from '../../common/errors/domain-errors.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import { Origin } from '../../common/http/origin.decorator.js';
import { JobDto, JobWriteDto } from './job.dto.js';
import { JobDirectoryService } from './job-directory.service.js';
import { JobUpdateService } from './job-update.service.js';

/** Jobs are made by media processing and go with their task: there is no job list, creation or deletion. */
@ApiTags('jobs')
@Controller()
export class JobsController {
  constructor(
    private readonly directory: JobDirectoryService,
    private readonly updates: JobUpdateService,
  ) {}

  @Get('tasks/:id/jobs')
  @Permission('jobs.list-of-task')
  @ApiTags('tasks')
  @ApiOkResponse({ type: [JobDto], description: 'All jobs of the task, by id; empty before media.' })
  @ApiForbiddenResponse({ description: 'The requester may not read the task.' })
  @ApiNotFoundResponse({ description: 'No such task.' })
  listOfTask(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<JobDto[]> {
    return this.directory.listOfTask(user, id, origin);
  }

  @Get('jobs/:id')
  @Permission('jobs.retrieve')
  @ApiOkResponse({ type: JobDto })
  @ApiForbiddenResponse({ description: 'The requester may not read the job.' })
  @ApiNotFoundResponse({ description: 'No such job.' })
  retrieve(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<JobDto> {
    return this.directory.retrieve(user, id, origin);
  }

  @Put('jobs/:id')
  @Permission('jobs.replace')
  @ApiBody({ type: JobWriteDto })
  @ApiOkResponse({ type: JobDto, description: 'Fields not given keep their values, as with PATCH.' })
  @ApiBadRequestResponse({ description: 'Field errors.' })
  @ApiForbiddenResponse({ description: 'The requester may not change the job.' })
  @ApiNotFoundResponse({ description: 'No such job.' })
  replace(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: unknown,
    @Origin() origin: RequestOrigin,
  ): Promise<JobDto> {
    return this.updates.update(user, id, body, origin);
  }

  @Patch('jobs/:id')
  @Permission('jobs.update')
  @ApiBody({ type: JobWriteDto })
  @ApiOkResponse({ type: JobDto, description: "The task's status follows its jobs' statuses." })
  @ApiBadRequestResponse({ description: 'Field errors.' })
  @ApiForbiddenResponse({ description: 'The requester may not change the job.' })
  @ApiNotFoundResponse({ description: 'No such job.' })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: unknown,
    @Origin() origin: RequestOrigin,
  ): Promise<JobDto> {
    return this.updates.update(user, id, body, origin);
  }

  @Post('jobs/:id')
  @Permission('jobs.create')
  @ApiExcludeEndpoint()
  create(): never {
    // The permission row answers 403 or 405 before this runs; jobs come from media processing.
    throw new MethodNotAllowedError('POST');
  }

  @Delete('jobs/:id')
  @Permission('jobs.delete')
  @ApiExcludeEndpoint()
  delete(): never {
    // The permission row answers 405 before this runs; jobs go with their task.
    throw new MethodNotAllowedError('DELETE');
  }
}
