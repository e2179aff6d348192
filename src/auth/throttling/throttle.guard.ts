import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';

import { endpointRule, type EndpointAction } from '../permissions/endpoint-permissions.js';
import { PERMISSION_ACTION } from '../permissions/permission.decorator.js';
import { THROTTLE_BY_FIELD } from './throttle.decorator.js';
import { ThrottleService } from './throttle.service.js';

/**
 * Anonymous calls to public endpoints are limited per client address (as CVAT does), and
 * credential endpoints additionally per account name. Runs after the access guard, so the
 * request is already known to be anonymous or not.
 */
@Injectable()
export class ThrottleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly throttle: ThrottleService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const action = this.reflector.get<EndpointAction | undefined>(PERMISSION_ACTION, context.getHandler());
    if (!action || endpointRule(action).access.kind !== 'public') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();

    if (!request.authentication) await this.throttle.consumeAddress(request.ip);
    const field = this.reflector.get<string | undefined>(THROTTLE_BY_FIELD, context.getHandler());
    const value = field ? (request.body as Record<string, unknown> | undefined)?.[field] : undefined;
    if (typeof value === 'string' && value !== '') await this.throttle.consumeAccount(`${field}:${value}`);
    return true;
  }
}
