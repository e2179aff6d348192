import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { NotAuthenticatedError } from '../../common/errors/domain-errors.js';
import type { Authentication } from '../authenticated-user.js';
import { endpointRule, type EndpointAction } from '../permissions/endpoint-permissions.js';
import { PERMISSION_ACTION, PROBE_ENDPOINT } from '../permissions/permission.decorator.js';
import { checkRolePart } from '../permissions/role-check.js';
import { SessionService } from '../sessions/session.service.js';
import { SESSION_COOKIE, setKeySessionCookies } from './auth-cookies.js';
import { RequestAuthenticator } from './request-authenticator.js';
import './request-authentication.js';

/**
 * Runs before every handler: authenticates the request, then applies the role part of the
 * endpoint's matrix row. Object rules are left to the services, which load the object.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PROBE_ENDPOINT, targets)) return true;
    const action = this.reflector.getAllAndOverride<EndpointAction | undefined>(PERMISSION_ACTION, targets);
    if (!action)
      throw new Error(`Route ${context.getClass().name}.${context.getHandler().name} has no permission row`);

    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const authentication = await this.authenticator.authenticate(request);
    if (authentication) {
      request.authentication = authentication;
      await this.openSessionForKey(request, http.getResponse<FastifyReply>(), authentication);
    }

    const rule = endpointRule(action);
    if (rule.access.kind !== 'public' && !authentication) throw new NotAuthenticatedError();
    checkRolePart(rule, authentication?.user, request.params as Record<string, string | undefined>);
    return true;
  }

  /**
   * The CVAT web UI opens downloads without the Authorization header, relying on the session
   * cookie that its first key-authenticated request received.
   */
  private async openSessionForKey(
    request: FastifyRequest,
    reply: FastifyReply,
    authentication: Authentication,
  ): Promise<void> {
    if (authentication.scheme !== 'token' || !authentication.tokenId) return;
    const sessionKey = await this.sessions.openForToken(authentication.user.id, authentication.tokenId);
    if (request.cookies[SESSION_COOKIE] !== sessionKey) setKeySessionCookies(request, reply, sessionKey);
  }
}
