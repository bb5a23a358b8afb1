// Small conversions shared by the sources.

/** Host and port of a master URL; a URL without a port means 443. Null when it is not an http(s) URL. */
export function masterEndpoint(url: string): { host: string; port: number } | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.hostname === '') return null;
  return { host: u.hostname, port: u.port === '' ? 443 : Number(u.port) };
}

/** A port written as a string or number ("31593"), or null when absent, empty or not a port. */
export function portNumber(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (!/^\d{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : null;
}

/** A zod issue path as it reads in a file: clusters[1].workers[0].publicIp. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
