import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';

import { JOB_NAMES, QUEUE_NAMES, type QueueName } from './job-catalogue.js';
import { JOB_HANDLER_NAME, JOB_PROCESSOR_QUEUE } from './job-handler.decorator.js';

export class MissingJobHandlersError extends Error {}

/** Fails worker start-up when a catalogued job has no handler, instead of letting jobs pile up. */
@Injectable()
export class JobCatalogueCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const missing = missingHandlers(this.handledJobs());
    if (missing.length > 0) {
      throw new MissingJobHandlersError(`No processor handles these queued jobs: ${missing.join(', ')}`);
    }
  }

  private handledJobs(): Set<string> {
    const handled = new Set<string>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) continue;
      const queue = this.reflector.get<QueueName | undefined>(JOB_PROCESSOR_QUEUE, wrapper.metatype);
      if (!queue) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method] as (...args: unknown[]) => unknown;
        const name = this.reflector.get<string | undefined>(JOB_HANDLER_NAME, handler);
        if (name) handled.add(`${queue}/${name}`);
      }
    }
    return handled;
  }
}

export function missingHandlers(handled: ReadonlySet<string>): string[] {
  return QUEUE_NAMES.flatMap((queue) =>
    (JOB_NAMES[queue] as readonly string[])
      .map((name) => `${queue}/${name}`)
      .filter((key) => !handled.has(key)),
  );
}
