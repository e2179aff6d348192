import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import {
  DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';

import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { UserRecord } from '../users/user-lookup.js';

interface Entry {
  readonly userId: number;
  readonly record: UserRecord;
  readonly expiresAt: number;
}

interface TransactionData {
  changedUsers?: Set<number>;
}

const MAX_ENTRIES = 50_000;

/**
 * Who a key or session belongs to, remembered for a few seconds so that an authenticated request
 * costs no database round trip. Any change to a user's credentials or rights (revoked key, ended
 * session, new password, groups, deactivation) drops that user's entries in every process: here at
 * once after the change commits, elsewhere through a Redis channel. If the channel is down, the
 * time limit (AUTH_CACHE_SECONDS) still bounds how long a stale entry can live.
 */
@Injectable()
export class IdentityCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(IdentityCache.name);
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly channel: string;
  private publisher: Redis | undefined;
  private subscriber: Redis | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.ttlMs = config.authCacheSeconds * 1000;
    this.channel = `${config.queuePrefix}:identity-changed`;
  }

  onModuleInit(): void {
    this.dataSource.subscribers.push(this.commitListener());
    // Without Redis (the operator CLI may run without it) changes stay local to this process.
    const url = this.config.redisUrl;
    if (!url) return;
    const options = { enableOfflineQueue: false, maxRetriesPerRequest: 1 };
    const quiet = (error: Error) => this.logger.debug({ err: error }, 'Identity channel unavailable');
    // A process that caches nothing still tells the others about the changes it makes.
    this.publisher = new Redis(url, options).on('error', quiet);
    if (this.ttlMs === 0) return;
    this.subscriber = new Redis(url, options).on('error', quiet);
    const subscriber = this.subscriber;
    // Entries cached while the channel was down may have missed a change: start over on (re)connect.
    // Commands are refused while disconnected, so the subscription is made once the link is up.
    subscriber.on('ready', () => {
      this.entries.clear();
      subscriber.subscribe(this.channel).catch(quiet);
    });
    subscriber.on('message', (_channel: string, message: string) => this.forget(Number(message)));
  }

  async onModuleDestroy(): Promise<void> {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }

  async remember(key: string, load: () => Promise<UserRecord | undefined>): Promise<UserRecord | undefined> {
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.record;
    const record = await load();
    if (record && this.ttlMs > 0) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { userId: record.user.id, record, expiresAt: Date.now() + this.ttlMs });
    }
    return record;
  }

  /**
   * Records that a user's identity changed in the transaction of `manager`; the cache is told when
   * that transaction commits, so no process can re-read the old state after being told.
   */
  changed(manager: EntityManager, userId: number): void {
    const data = manager.queryRunner?.data as TransactionData | undefined;
    if (manager.queryRunner?.isTransactionActive && data) (data.changedUsers ??= new Set()).add(userId);
    else this.announce(userId);
  }

  private announce(userId: number): void {
    this.forget(userId);
    this.publisher?.publish(this.channel, String(userId)).catch(() => undefined);
  }

  private forget(userId: number): void {
    for (const [key, entry] of this.entries) if (entry.userId === userId) this.entries.delete(key);
  }

  private commitListener(): EntitySubscriberInterface {
    return {
      afterTransactionCommit: (event: TransactionCommitEvent) => {
        const data = event.queryRunner.data as TransactionData;
        const users = data.changedUsers;
        data.changedUsers = undefined;
        for (const userId of users ?? []) this.announce(userId);
      },
      afterTransactionRollback: (event: TransactionRollbackEvent) => {
        (event.queryRunner.data as TransactionData).changedUsers = undefined;
      },
    };
  }
}
