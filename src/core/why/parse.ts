import { ipaddr, isHostName, isIPv4, type IPv4 } from '../net.js';
import { ASKER_SOURCE, MAX_QUESTION_CHARS } from '../parse/question.js';
import type { WhyProblem, WhyRole } from './result.js';

// Reads what a "why" question asks about: addresses and subnets, host names, a port and a protocol, from free
// text ("what is 161.156.93.20", "what needs port 9095") or a firewall log line (SRC= DST= DPT=, "src … dst …").

export interface WhyAddress {
  value: string;
  /** The address as parsed, with its prefix length (32 for a single address). */
  network: [IPv4, number];
  role: WhyRole | null;
}

export interface WhyQuery {
  addresses: WhyAddress[];
  /** IPv6 addresses: well-formed, but the dataset lists IPv4 only. */
  ipv6: string[];
  hosts: string[];
  port: number | null;
  protocol: string | null;
  problems: WhyProblem[];
}

// Anything shaped like a dotted address, valid or not, so that "999.1.1.1" is reported rather than ignored.
const DOTTED = /(?<![\w.])(\d{1,4}(?:\.\d{1,4}){3})(?:\/(\d{1,3}))?(?::(\d{1,6}))?(?![\w.])/g;
const ADDRESS_SHAPE = /(?<![\w.])\d{1,4}(?:\.\d{1,4}){3}(?![\w.])/;
const LOG_FIELD = /\b(SRC|DST|DPT|PROTO)=(\S+)/g;
const ROLE_WORD = /\b(src|source|from|dst|dest|destination|to)\b[\s=:]*$/i;
const EXPLICIT_PORT = /\b(?:d?port|dpt|dport)s?\b[\s=:#]*(\d{1,6})\b|\b(\d{1,6})\/(tcp|udp)\b|\b(tcp|udp)\/(\d{1,6})\b/i;
const PROTOCOL_WORD = /\b(?:proto(?:col)?[\s=:]*)?(tcp|udp|vrrp|ipencap|ip-in-ip|icmp)\b/i;
const SCHEME_PORTS: Record<string, number> = { https: 443, http: 80 };
const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '112': 'vrrp', '4': 'ipencap', '1': 'icmp' };
const HOST_TOKEN = /(?:[a-z][a-z0-9+.-]*:\/\/)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})\.?(?=$|[\s/:?#,;)'"!|<>])/gi;

function roleBefore(text: string, index: number): WhyRole | null {
  const m = ROLE_WORD.exec(text.slice(Math.max(0, index - 16), index));
  if (!m) return null;
  return /^(src|source|from)$/i.test(m[1]!) ? 'source' : 'destination';
}

function portProblem(raw: string): WhyProblem {
  return { code: 'invalid-port', message: `"${raw}" is not a port: ports go from 1 to 65535.`, input: raw };
}

function readPort(raw: string, problems: WhyProblem[]): number | null {
  const n = Number(raw);
  if (Number.isInteger(n) && n >= 1 && n <= 65535) return n;
  problems.push(portProblem(raw));
  return null;
}

/** Reads the addresses, host names, port and protocol a "why" question names. Never throws. */
export function parseWhyQuery(input: string): WhyQuery {
  const text = input.slice(0, MAX_QUESTION_CHARS);
  const problems: WhyProblem[] = [];
  const addresses: WhyAddress[] = [];
  const ipv6: string[] = [];
  let port: number | null = null;
  let protocol: string | null = null;

  const logRoles = new Map<string, WhyRole>();
  for (const m of text.matchAll(LOG_FIELD)) {
    const [, key, value] = m as unknown as [string, string, string];
    if (key === 'SRC' || key === 'DST') {
      if (ipaddr.IPv6.isValid(value) && !ipaddr.IPv4.isValid(value)) ipv6.push(value);
      else logRoles.set(value, key === 'SRC' ? 'source' : 'destination');
    } else if (key === 'DPT') port = readPort(value, problems);
    else if (key === 'PROTO') protocol = PROTOCOL_NUMBERS[value] ?? value.toLowerCase();
  }

  const spans: [number, number][] = [];
  for (const m of text.matchAll(DOTTED)) {
    const [whole, ip, bits, portText] = m as unknown as [string, string, string | undefined, string | undefined];
    spans.push([m.index, m.index + whole.length]);
    const shown = bits === undefined ? ip : `${ip}/${bits}`;
    if (!isIPv4(ip)) {
      problems.push({ code: 'invalid-address', message: `"${shown}" is not an IPv4 address: each of its four parts goes from 0 to 255.`, input: shown });
      continue;
    }
    const prefix = bits === undefined ? 32 : Number(bits);
    if (prefix > 32) {
      problems.push({ code: 'invalid-address', message: `"${shown}" is not a subnet: the prefix length goes from 0 to 32.`, input: shown });
      continue;
    }
    if (portText !== undefined && port === null) port = readPort(portText, problems);
    if (addresses.some((a) => a.value === shown)) continue;
    addresses.push({ value: shown, network: [ipaddr.IPv4.parse(ip), prefix], role: logRoles.get(ip) ?? roleBefore(text, m.index) });
  }

  // Host names, outside the addresses already read (a dotted address is not a host name).
  const hosts: string[] = [];
  for (const m of text.matchAll(HOST_TOKEN)) {
    if (spans.some(([from, to]) => m.index >= from && m.index < to)) continue;
    const host = m[1]!.toLowerCase();
    if (!isHostName(host)) continue;
    if (!hosts.includes(host)) hosts.push(host);
    // "icr.io:443", "https://c3.us-south.containers.cloud.ibm.com:31142/version": the port after the host, else
    // the scheme's own port.
    const after = /^\.?:(\d{1,6})(?![\d.])/.exec(text.slice(m.index + m[0].length));
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(m[0])?.[1]?.toLowerCase();
    if (port === null && after) port = readPort(after[1]!, problems);
    else if (port === null && scheme && SCHEME_PORTS[scheme]) port = SCHEME_PORTS[scheme];
    if (protocol === null && (after || (scheme && SCHEME_PORTS[scheme]))) protocol = 'tcp';
  }

  for (const token of text.split(/[\s,;]+/)) {
    const bare = token.replace(/^[[(]|[\]).?!]+$/g, '');
    if (bare.includes(':') && ipaddr.IPv6.isValid(bare) && !ipv6.includes(bare)) ipv6.push(bare);
  }

  if (port === null) {
    const m = EXPLICIT_PORT.exec(text);
    const raw = m?.[1] ?? m?.[2] ?? m?.[5];
    if (raw !== undefined) port = readPort(raw, problems);
    if (m?.[3] || m?.[4]) protocol ??= (m[3] ?? m[4])!.toLowerCase();
  }
  if (port === null && addresses.length === 0 && hosts.length === 0) {
    // A question that is only a number: "9095", "why 9095?"
    const m = /^\s*(?:why\s+|what\s+needs\s+)?(\d{1,6})\s*\??\s*$/i.exec(text);
    if (m) port = readPort(m[1]!, problems);
  }
  if (protocol === null) {
    const m = PROTOCOL_WORD.exec(text);
    if (m) protocol = m[1]!.toLowerCase() === 'ip-in-ip' ? 'ipencap' : m[1]!.toLowerCase();
  }

  if (addresses.length + ipv6.length + hosts.length === 0 && port === null && problems.length === 0) {
    problems.push({
      code: 'nothing-to-look-up',
      message:
        'Give an IP address, a subnet, a host name, a port or a firewall log line to look up.',
    });
  }
  return { addresses, ipv6, hosts, port, protocol, problems };
}

const WHY_START = /^\s*(why|what(?:'s|\s+is|\s+are|\s+needs|\s+uses)?|which|who|is|are)\b/i;

/**
 * True when a question asks why an address, host name or port is needed, rather than what to open: front ends
 * route it to the why lookup. Any dotted address or firewall log line counts; a host name or port counts after a
 * question word ("why icr.io", "what needs port 9095"); "why" alone counts, so that it gets a helpful problem.
 */
export function isWhyQuestion(text: string): boolean {
  const t = text.slice(0, MAX_QUESTION_CHARS).trim();
  if (/\b(?:SRC|DST)=\S/.test(t)) return true;
  // "kubectl in eu-de from my office 203.0.113.5": the address is where the asker's traffic comes from.
  if (ADDRESS_SHAPE.test(t) && (WHY_START.test(t) || !ASKER_SOURCE.test(t))) return true;
  if (t.split(/\s+/).some((token) => token.includes(':') && ipaddr.IPv6.isValid(token.replace(/[?!.,]+$/, '')))) return true;
  if (/^(?:port\s+)?\d{1,6}(?:\/(?:tcp|udp))?\s*\??$/i.test(t)) return true;
  if (/^why\s*[?!.]*$/i.test(t)) return true;
  // A URL or host:port pasted alone ("https://c3.us-south.containers.cloud.ibm.com:31142").
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/)?[a-z0-9.-]+\.[a-z]{2,63}(?::\d{1,6})?(?:\/\S*)?$/i.test(t) && /:\/\/|:\d/.test(t)) return true;
  if (!WHY_START.test(t)) return false;
  const rest = t.replace(WHY_START, '');
  return EXPLICIT_PORT.test(rest) || [...rest.matchAll(HOST_TOKEN)].some((m) => isHostName(m[1]!.toLowerCase()));
}
