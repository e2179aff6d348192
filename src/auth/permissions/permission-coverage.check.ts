import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants.js';

import { PERMISSION_ACTION, PROBE_ENDPOINT } from './permission.decorator.js';

/** Refuses to start when a route has no row in the permission matrix, so none is left open by accident. */
@Injectable()
export class PermissionCoverageCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const uncovered: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method] as () => unknown;
        if (this.reflector.get(PATH_METADATA, handler) === undefined) continue;
        const targets = [handler, controller];
        const covered =
          this.reflector.getAllAndOverride(PERMISSION_ACTION, targets) !== undefined ||
          this.reflector.getAllAndOverride(PROBE_ENDPOINT, targets) === true;
        if (!covered) uncovered.push(`${controller.name}.${method}`);
      }
    }
    if (uncovered.length > 0) throw new Error(`Routes without a permission row: ${uncovered.join(', ')}`);
  }
}
