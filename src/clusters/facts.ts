import { isIPv4 } from '../core/net.js';

// Small conversions shared by the sources.

// An endpoint URL is pasted into suggested shell commands and written into artefacts: only "https://", a DNS
// name or IPv4 address and an optional port pass, so that nothing else (a path, a query, "$(...)", a space or a
// line break) can ride along.
const DNS_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const ENDPOINT_URL = new RegExp(`^https://((?:${DNS_LABEL}\\.)*${DNS_LABEL})(?::(\\d{1,5}))?$`);
const MAX_HOST = 253;

/** Host and port of an endpoint URL; a URL without a port means 443. Null when it is anything more or less. */
export function masterEndpoint(url: string): { host: string; port: number } | null {
  const match = ENDPOINT_URL.exec(url);
  if (!match) return null;
  const host = (match[1] ?? '').toLowerCase();
  const port = match[2] === undefined ? 443 : portNumber(match[2]);
  if (host.length > MAX_HOST || port === null || /^[\d.]+$/.test(host) !== isIPv4(host)) return null;
  return { host, port };
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
