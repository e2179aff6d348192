import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Put,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { CurrentUser } from '../../auth/authentication/request-authentication.js';
import { Permission } from '../../auth/permissions/permission.decorator.js';
import {
  AnnotationClearDocs,
  AnnotationReadDocs,
  AnnotationWriteDocs,
} from '../http/annotation-api.decorators.js';
import type { AnnotationResponse } from '../http/annotation-response.js';
import { AnnotationResponseInterceptor } from '../http/annotation-response.interceptor.js';
import { TaskAnnotationReader } from './task-annotation-reader.service.js';
import { TaskAnnotationWriter } from './task-annotation-writer.service.js';

/**
 * The annotations of a whole task (spec/annotations.md, section 6): split into the jobs on write,
 * merged from them on read.
 */
@ApiTags('tasks')
@Controller('tasks/:id/annotations')
@UseInterceptors(AnnotationResponseInterceptor)
export class TaskAnnotationsController {
  constructor(
    private readonly reader: TaskAnnotationReader,
    private readonly writer: TaskAnnotationWriter,
  ) {}

  @Get()
  @Permission('tasks.annotations-retrieve')
  @AnnotationReadDocs('task')
  read(
    @CurrentUser() requester: AuthenticatedUser,
    @Param('id') taskId: string,
    @Query('format') format: unknown,
  ): Promise<AnnotationResponse> {
    return this.reader.read({ requester, taskId, format });
  }

  @Put()
  @Permission('tasks.annotations-replace')
  @AnnotationWriteDocs('task')
  replace(
    @CurrentUser() requester: AuthenticatedUser,
    @Param('id') taskId: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Query('format') format: unknown,
  ): Promise<AnnotationResponse> {
    return this.writer.replace({ requester, taskId, body, ifMatch, format });
  }

  @Patch()
  @Permission('tasks.annotations-update')
  @AnnotationWriteDocs('task', true)
  update(
    @CurrentUser() requester: AuthenticatedUser,
    @Param('id') taskId: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Query('action') action: unknown,
  ): Promise<AnnotationResponse> {
    return this.writer.patch({ requester, taskId, body, ifMatch, action });
  }

  @Delete()
  @HttpCode(204)
  @Permission('tasks.annotations-delete')
  @AnnotationClearDocs('task', 'Every object of every job is deleted; each job’s version goes up by one.')
  async clear(
    @CurrentUser() requester: AuthenticatedUser,
    @Param('id') taskId: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.writer.clear({ requester, taskId, ifMatch });
  }
}
