import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { Probe } from '../auth/permissions/permission.decorator.js';
import { HealthDto, ReadinessDto } from './health.dto.js';
import { ReadinessService } from './readiness.service.js';

@ApiTags('server')
@Probe()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get()
  @HttpCode(200)
  @ApiOkResponse({ type: HealthDto, description: 'The process is alive.' })
  live(): HealthDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ type: ReadinessDto, description: 'PostgreSQL, Redis and disk are usable.' })
  @ApiServiceUnavailableResponse({
    type: ReadinessDto,
    description: 'A dependency is down; checks say which.',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessDto> {
    const result = await this.readiness.check();
    reply.status(result.ready ? 200 : 503);
    return { status: result.ready ? 'ok' : 'unavailable', checks: result.checks };
  }
}
