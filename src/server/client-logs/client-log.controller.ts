import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { CurrentUser } from '../../auth/authentication/request-authentication.js';
import { Permission } from '../../auth/permissions/permission.decorator.js';
import { ValidateListPipe } from '../../common/validation/validate-list.pipe.js';
import { ClientEventDto, ExceptionReportDto } from './client-log.dto.js';
import { ClientLogService } from './client-log.service.js';

@ApiTags('server')
@Controller('server')
export class ClientLogController {
  constructor(private readonly clientLog: ClientLogService) {}

  @Post('exception')
  @Permission('server.exception')
  @HttpCode(201)
  @ApiCreatedResponse({ type: ExceptionReportDto, description: 'The validated report, as stored.' })
  @ApiBadRequestResponse({ description: 'Field errors.' })
  exception(@CurrentUser() user: AuthenticatedUser, @Body() report: ExceptionReportDto): ExceptionReportDto {
    return this.clientLog.recordException(user.username, report);
  }

  @Post('logs')
  @Permission('server.logs')
  @HttpCode(201)
  @ApiBody({ type: ClientEventDto, isArray: true })
  @ApiCreatedResponse({ type: ClientEventDto, isArray: true, description: 'The validated events.' })
  @ApiBadRequestResponse({ description: 'Field errors, one object per event.' })
  logs(
    @CurrentUser() user: AuthenticatedUser,
    @Body(new ValidateListPipe(ClientEventDto)) events: ClientEventDto[],
  ): ClientEventDto[] {
    return this.clientLog.recordEvents(user.username, events);
  }
}
