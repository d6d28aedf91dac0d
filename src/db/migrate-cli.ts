// `npm run migrate`: applies pending migrations to DATABASE_URL (default: the server's).
import { loadConfig } from '../config';
import { migrateDatabase } from './migrate';

const config = loadConfig();
const applied = await migrateDatabase(config.databaseUrl);
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
