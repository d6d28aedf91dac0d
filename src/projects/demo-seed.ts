// The demo project a fresh database starts with, so GraphiQL and the console have something to show.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import { originalOf } from '../schema/errors';
import type { DocumentService } from './document-service';
import type { ProjectService } from './project-service';

const DEMO_DOCS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/demo-docs');
const DEMO_PROJECT_NAME = 'Demo: coffee roasting';

/** Creates the demo project from examples/demo-docs when the database has no project at all. */
export async function seedDemoProject(db: Db, projects: ProjectService, documents: DocumentService, logger: Logger): Promise<void> {
  if ((await db.project.count()) > 0) return;
  const names = (await readdir(DEMO_DOCS_DIR).catch(() => [] as string[])).filter((n) => n.endsWith('.md')).sort();
  if (names.length === 0) return;
  try {
    const project = await projects.create({ name: DEMO_PROJECT_NAME, engine: 'offline' });
    const docs = await Promise.all(names.map(async (fileName) => ({ fileName, content: await readFile(path.join(DEMO_DOCS_DIR, fileName), 'utf8') })));
    await documents.add(project.id, docs);
    logger.info(`seeded demo project ${project.id} with ${docs.length} documents`);
  } catch (e) {
    // Two processes starting on a fresh database race here; the loser finds the name taken.
    if ((originalOf(e) as { code?: string }).code !== 'BAD_USER_INPUT') throw e;
  }
}
