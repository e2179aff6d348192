import { Module } from '@nestjs/common';

import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { ReadinessService } from './readiness.service.js';

/** Liveness, readiness and metrics: served by every role, so workers can be probed too. */
@Module({
  controllers: [HealthController, MetricsController],
  providers: [ReadinessService],
})
export class ProbesModule {}
