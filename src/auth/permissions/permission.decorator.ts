import { SetMetadata } from '@nestjs/common';

import type { EndpointAction } from './endpoint-permissions.js';

export const PERMISSION_ACTION = Symbol('PERMISSION_ACTION');
export const PROBE_ENDPOINT = Symbol('PROBE_ENDPOINT');

/** Ties a route to its row of the permission matrix. Every API route must carry one. */
export const Permission = (action: EndpointAction): MethodDecorator & ClassDecorator =>
  SetMetadata(PERMISSION_ACTION, action);

/** Health and metrics endpoints: outside the CVAT API and its matrix, open to probes. */
export const Probe = (): MethodDecorator & ClassDecorator => SetMetadata(PROBE_ENDPOINT, true);
