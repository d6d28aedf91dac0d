// `npm run migrate`: applies pending migrations to DATABASE_URL (default: the server's).
import { loadConfig } from '../config';
import { migrateIfNeeded, pendingMigrations } from './migrate';

const config = loadConfig();
const pending = await pendingMigrations(config.databaseUrl);
await migrateIfNeeded(config.databaseUrl);
console.log(pending.length ? `Applied: ${pending.join(', ')}` : 'Database is up to date.');
