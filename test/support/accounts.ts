import type { TestApp } from './test-app.js';
import { withDb } from './builders.js';

type Response = Awaited<ReturnType<TestApp['app']['inject']>>;

/** The headers a browser sends after a response set `sessionid` and `csrftoken`. */
export function browserHeaders(response: Response): { cookie: string; 'x-csrftoken': string } {
  const lines = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const value = (name: string): string => {
    const line = lines.find((candidate) => candidate.startsWith(`${name}=`));
    if (!line) throw new Error(`The response set no ${name} cookie`);
    return line.split(';')[0].slice(name.length + 1);
  };
  const csrf = value('csrftoken');
  return { cookie: `sessionid=${value('sessionid')}; csrftoken=${csrf}`, 'x-csrftoken': csrf };
}

/** Every column of every user, to show that a rejected request changed nothing. */
export function usersSnapshot(harness: TestApp): Promise<unknown[]> {
  return withDb(harness, async (db) => {
    const users = await db.query<Record<string, unknown>>(`SELECT * FROM users ORDER BY id`);
    const groups = await db.query<Record<string, unknown>>(
      `SELECT * FROM user_groups ORDER BY user_id, group_id`,
    );
    return [...users.rows, ...groups.rows];
  });
}
