/** The two database engines Custodian runs on. Only code in portable/ may branch on this. */
export type DialectName = 'sqlite' | 'postgres';

/** Works out the dialect from a DATABASE_URL (undefined means the embedded SQLite file). */
export function dialectOf(url: string | undefined): DialectName {
  return url && /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/** Whether a DATABASE_URL names an in-memory SQLite database, which exists only on its own connection. */
export const isInMemory = (url: string | undefined): boolean =>
  dialectOf(url) === 'sqlite' && url?.replace(/^sqlite:\/\//, '') === ':memory:';
