/**
 * Return a PostgreSQL URL without its password, for logs and error messages. A value that does not parse as a
 * URL is replaced as a whole, because it may still contain a password.
 */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '[unparseable database URL]';
  }
}
