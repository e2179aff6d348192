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
  ApiExcludeEndpoint,
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
import { MethodNotAllowedError } from '../../common/errors/domain-errors.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import { Origin } from '../../common/http/origin.decorator.js';
import type { Page } from '../../common/pagination/page-request.js';
import { ApiPage, ApiPageQuery, ApiProjectListQuery } from '../shared/list-documentation.js';
import { LocationHeaderInterceptor } from '../shared/location-header.interceptor.js';
import { TaskDto } from '../tasks/task.dto.js';
import { TaskDirectoryService } from '../tasks/task-directory.service.js';
import { ProjectDto, ProjectPatchDto, ProjectWriteDto } from './project.dto.js';
import { ProjectCreationService } from './project-creation.service.js';
import { ProjectDeletionService } from './project-deletion.service.js';
import { ProjectDirectoryService } from './project-directory.service.js';
import { ProjectUpdateService } from './project-update.service.js';

@ApiTags('projects')
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly directory: ProjectDirectoryService,
    private readonly creation: ProjectCreationService,
    private readonly updates: ProjectUpdateService,
    private readonly deletion: ProjectDeletionService,
    private readonly tasks: TaskDirectoryService,
  ) {}

  @Get()
  @Permission('projects.list')
  @ApiProjectListQuery()
  @ApiPage(ProjectDto, 'The projects the requester may see, newest first unless ordered otherwise.')
  list(
    @CurrentUser() user: AuthenticatedUser,
    @ListQuery() request: ListParameters,
  ): Promise<Page<ProjectDto>> {
    return this.directory.list(user, request);
  }

  @Post()
  @Permission('projects.create')
  @UseInterceptors(LocationHeaderInterceptor)
  @ApiBody({ type: ProjectWriteDto })
  @ApiCreatedResponse({ type: ProjectDto, description: 'With a `Location` header.' })
  @ApiBadRequestResponse({ description: 'Field errors.' })
  @ApiForbiddenResponse({ description: 'Neither an admin nor in the `user` role.' })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: unknown,
    @Origin() origin: RequestOrigin,
  ): Promise<ProjectDto> {
    return this.creation.create(user, body, origin);
  }

  @Get(':id')
  @Permission('projects.retrieve')
  @ApiOkResponse({ type: ProjectDto })
  @ApiForbiddenResponse({ description: 'The requester may not read the project.' })
  @ApiNotFoundResponse({ description: 'No such project.' })
  retrieve(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<ProjectDto> {
    return this.directory.retrieve(user, id, origin);
  }

  @Patch(':id')
  @Permission('projects.update')
  @ApiBody({ type: ProjectPatchDto })
  @ApiOkResponse({ type: ProjectDto })
  @ApiBadRequestResponse({ description: 'Field errors.' })
  @ApiForbiddenResponse({ description: 'The requester may not change the project.' })
  @ApiNotFoundResponse({ description: 'No such project.' })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: unknown,
    @Origin() origin: RequestOrigin,
  ): Promise<ProjectDto> {
    return this.updates.update(user, id, body, origin);
  }

  @Put(':id')
  @Permission('projects.replace')
  @ApiExcludeEndpoint()
  replace(): never {
    // The permission row answers 403 or 405 before this runs; PATCH is the way to change a project.
    throw new MethodNotAllowedError('PUT');
  }

  @Delete(':id')
  @HttpCode(204)
  @Permission('projects.delete')
  @ApiNoContentResponse({ description: 'The project and all its tasks.' })
  @ApiForbiddenResponse({ description: 'The requester may not delete the project.' })
  @ApiNotFoundResponse({ description: 'No such project.' })
  delete(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    return this.deletion.delete(user, id);
  }

  @Get(':id/tasks')
  @Permission('projects.tasks')
  @ApiPageQuery()
  @ApiPage(TaskDto, "The project's tasks the requester may see, newest first.")
  @ApiForbiddenResponse({ description: 'The requester may not read the project.' })
  @ApiNotFoundResponse({ description: 'No such project.' })
  tasksOf(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @ListQuery() request: ListParameters,
  ): Promise<Page<TaskDto>> {
    return this.tasks.listOfProject(user, id, request);
  }
}
