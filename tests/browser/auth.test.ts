// The console on a server that requires API tokens (AUTH=required, as on a network): it asks for a
// token, works with it, and shows the server's refusal when the token's
// role is too low.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTokenDb, gqlAs, type TokenDb } from '../support/auth';
import { useConsole } from './support/console';
import { expectVisible } from './support/page-helpers';

let tokenDb: TokenDb;
// Registered before useConsole's hooks, so the tokens exist when its server starts.
beforeAll(async () => {
  tokenDb = await createTokenDb();
});
const world = useConsole(() => ({ AUTH: 'required', DATABASE_URL: tokenDb.databaseUrl }));
afterAll(async () => {
  await tokenDb?.remove();
});

describe('console with API tokens', { timeout: 180_000 }, () => {
  it('asks for a token, then lists projects with it; a viewer creating a project sees FORBIDDEN', async () => {
    const created = await gqlAs(world.server.url, tokenDb.tokens.admin, `mutation { createProject(input: { name: "Team glossary" }) { id } }`);
    if (created.body.errors) throw new Error(JSON.stringify(created.body.errors));

    const { page } = await world.open('/');
    const prompt = page.getByRole('dialog');
    await expectVisible(prompt);
    await prompt.getByLabel('API token').fill(tokenDb.tokens.viewer);
    await page.keyboard.press('Enter');
    await expectVisible(page.getByRole('table').getByText('Team glossary'));

    // The project's pages read with the same token (the run bar's status and freshness badge).
    await page.getByRole('link', { name: 'Team glossary' }).click();
    await expectVisible(page.getByLabel(/^Glossary: /));

    await page.goto(new URL('/', world.origin).toString());
    await page.getByRole('button', { name: 'New project' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Name').fill('Not for viewers');
    await form.getByRole('button', { name: 'Create' }).click();
    await expectVisible(form.getByText('FORBIDDEN'));
  });
});
