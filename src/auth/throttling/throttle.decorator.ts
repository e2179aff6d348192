import { SetMetadata } from '@nestjs/common';

export const THROTTLE_BY_FIELD = Symbol('THROTTLE_BY_FIELD');

/**
 * Limits attempts per value of a body field (the username or e-mail being tried), on top of the
 * per-address limit of public endpoints, so one account cannot be guessed at from many addresses.
 */
export const ThrottleBy = (field: 'username' | 'email'): MethodDecorator =>
  SetMetadata(THROTTLE_BY_FIELD, field);
