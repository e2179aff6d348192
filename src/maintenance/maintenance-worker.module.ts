import { Module } from '@nestjs/common';

import { MaintenanceScheduler } from './maintenance.scheduler.js';
import { StaleTempFilesProcessor } from './stale-temp-files.processor.js';

/** Housekeeping processors; loaded only in processes that run workers. */
@Module({ providers: [StaleTempFilesProcessor, MaintenanceScheduler] })
export class MaintenanceWorkerModule {}
