import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import { Probe } from '../auth/permissions/permission.decorator.js';
import { MetricsRegistry } from '../common/metrics/metrics-registry.js';

/** Prometheus scrape endpoint; kept out of the API document because it is not part of CVAT's API. */
@ApiExcludeController()
@Probe()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
