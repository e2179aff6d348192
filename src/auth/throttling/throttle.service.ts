import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

import { ThrottledError } from '../../common/errors/domain-errors.js';
import { APP_CONFIG, requireSetting, type AppConfig } from '../../config/app-config.js';

const WINDOW_SECONDS = 60;

/**
 * Counters shared by every api process through Redis. When Redis is unreachable each process
 * falls back to its own in-memory counters rather than refusing every sign-in.
 */
@Injectable()
export class ThrottleService implements OnModuleDestroy {
  private readonly logger = new Logger(ThrottleService.name);
  private readonly redis: Redis;
  private readonly perAddress: RateLimiterAbstract;
  private readonly perAccount: RateLimiterAbstract;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = new Redis(requireSetting(config, 'redisUrl'), {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: false,
    });
    this.redis.on('error', (error: Error) => this.logger.debug({ err: error }, 'Throttle store unavailable'));
    const limiter = (keyPrefix: string, points: number) =>
      new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${config.queuePrefix}:throttle:${keyPrefix}`,
        points,
        duration: WINDOW_SECONDS,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS }),
      });
    this.perAddress = limiter('address', config.throttlePublicPerMinute);
    this.perAccount = limiter('account', config.throttleCredentialsPerMinute);
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }

  consumeAddress(address: string): Promise<void> {
    return this.consume(this.perAddress, address);
  }

  consumeAccount(name: string): Promise<void> {
    return this.consume(this.perAccount, name.toLowerCase());
  }

  private async consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new ThrottledError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      }
      throw rejection;
    }
  }
}
