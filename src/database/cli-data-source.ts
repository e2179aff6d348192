import { DataSource } from 'typeorm';

import { loadConfig, requireSetting } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';

/** Entry point for the TypeORM CLI (`npm run migration:generate`, `npm run migration:run`). */
export default new DataSource(dataSourceOptions(requireSetting(loadConfig(), 'databaseUrl')));
