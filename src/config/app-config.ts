import { SETTINGS, SettingParseError, type SettingKey } from './settings.js';

type Parsed<K extends SettingKey> = ReturnType<(typeof SETTINGS)[K]['parse']>;

export type AppConfig = {
  readonly [K in SettingKey]: (typeof SETTINGS)[K]['default'] extends string
    ? Parsed<K>
    : Parsed<K> | undefined;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
  }
}

/** Reads and validates every setting at once so that one boot reports every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];

  for (const [key, setting] of Object.entries(SETTINGS)) {
    const raw = env[setting.env];
    const source = raw === undefined || raw === '' ? setting.default : raw;
    if (source === undefined) {
      values[key] = undefined;
      continue;
    }
    try {
      values[key] = setting.parse(source);
    } catch (error) {
      if (!(error instanceof SettingParseError)) throw error;
      problems.push(`${setting.env}=${JSON.stringify(raw)} is invalid: expected ${setting.expects}`);
    }
  }

  if (values.nodeEnv === 'production' && !values.jwtSecret) {
    problems.push('JWT_SECRET is required when NODE_ENV=production: expected a secret string');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(values) as AppConfig;
}

export function requireSetting<K extends SettingKey>(config: AppConfig, key: K): NonNullable<AppConfig[K]> {
  const value = config[key];
  if (value === undefined || value === null) {
    throw new ConfigError([`${SETTINGS[key].env} is required: expected ${SETTINGS[key].expects}`]);
  }
  return value;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export function runsHttpApi(config: AppConfig): boolean {
  return config.role !== 'worker';
}

export function runsWorkers(config: AppConfig): boolean {
  return config.role !== 'api';
}
