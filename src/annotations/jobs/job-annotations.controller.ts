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
import { JobAnnotationReader } from './job-annotation-reader.service.js';
import { JobAnnotationWriter } from './job-annotation-writer.service.js';

/** The annotations of one job (spec/annotations.md, section 5): what the annotation UI saves. */
@ApiTags('jobs')
@Controller('jobs/:id/annotations')
@UseInterceptors(AnnotationResponseInterceptor)
export class JobAnnotationsController {
  constructor(
    private readonly reader: JobAnnotationReader,
    private readonly writer: JobAnnotationWriter,
  ) {}

  @Get()
  @Permission('jobs.annotations-retrieve')
  @AnnotationReadDocs('job')
  read(@CurrentUser() requester: AuthenticatedUser, @Param('id') id: string): Promise<AnnotationResponse> {
    // `format` is ignored here, as in CVAT 1.x: there is no job-level export.
    return this.reader.read(requester, id);
  }

  @Put()
  @Permission('jobs.annotations-replace')
  @AnnotationWriteDocs('job')
  replace(
    @CurrentUser() requester: AuthenticatedUser,
    @Param('id') jobId: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Query('format') format: unknown,
  ): Promise<AnnotationResponse> {
    return this.writer.replace({ requester, jobId, body, ifMatch, format });
  }

  @Patch()
  @Permission('jobs.annotations-update')
  @AnnotationWriteDocs('job', true)
  update(
    @CurrentUser() requester: AuthenticatedUser,
    @Param('id') jobId: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Query('action') action: unknown,
  ): Promise<AnnotationResponse> {
    return this.writer.patch({ requester, jobId, body, ifMatch, action });
  }

  @Delete()
  @HttpCode(204)
  @Permission('jobs.annotations-delete')
  @AnnotationClearDocs('job', 'Every object of the job is deleted; the version goes up by one.')
  async clear(
    @CurrentUser() requester: AuthenticatedUser,
    @Param('id') jobId: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.writer.clear({ requester, jobId, ifMatch });
  }
}
