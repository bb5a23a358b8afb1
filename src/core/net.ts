import { createRequire } from 'node:module';
import type IpAddr from 'ipaddr.js';

// ipaddr.js is CommonJS. Required rather than imported: an ESM import of it has Node scan its source for
// exports first, which cost `porthole ask` some 40 ms of CPU at start-up. Every module takes it from here.
export const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof IpAddr;
export type IPv4 = IpAddr.IPv4;

// IPv4 addresses, CIDRs and port ranges, checked one way everywhere (the dataset schema, cluster files, the
// why index, the exporters), with ipaddr.js's own validators.

/** A dotted-quad IPv4 address (192.0.2.10): no shorthand forms ("10.1"), no leading zeros. */
export function isIPv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/** An IPv4 CIDR with a dotted-quad address and a prefix length from 0 to 32 (10.0.0.0/8). */
export function isIPv4Cidr(text: string): boolean {
  const [address, bits, ...rest] = text.split('/');
  return rest.length === 0 && isIPv4(address ?? '') && /^\d{1,2}$/.test(bits ?? '') && ipaddr.IPv4.isValidCIDR(text);
}

/** A lowercase host name of dotted labels ending in a top-level domain of letters (icr.io). */
export const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function isHostName(text: string): boolean {
  return HOST_NAME.test(text);
}

/** An IPv4 address or CIDR. */
export function isIPv4OrCidr(text: string): boolean {
  return text.includes('/') ? isIPv4Cidr(text) : isIPv4(text);
}

/** The network of an address or CIDR already checked by isIPv4OrCidr: an address is its own /32. */
export function parseIPv4Network(text: string): [IPv4, number] {
  return text.includes('/') ? ipaddr.IPv4.parseCIDR(text) : [ipaddr.IPv4.parse(text), 32];
}

/** A network as the first and last address of its range, as unsigned 32-bit numbers. */
export interface IPv4Span {
  first: number;
  last: number;
  bits: number;
}

/** The span of a network from parseIPv4Network: comparing spans is plain arithmetic, for lookups over thousands. */
export function ipv4Span([address, bits]: [IPv4, number]): IPv4Span {
  const [a, b, c, d] = address.octets as [number, number, number, number];
  const value = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  const size = 2 ** (32 - bits);
  const first = value - (value % size);
  return { first, last: first + size - 1, bits };
}

/** An address as a CIDR (192.0.2.10 -> 192.0.2.10/32), for fields that accept networks only. */
export function asCidr(text: string): string {
  return text.includes('/') ? text : `${text}/32`;
}

export interface PortRange {
  from: number;
  to: number;
}

const PORT_SPEC = /^(\d{1,5})(?:-(\d{1,5}))?$/;

/** "443" or "20000-32767" as a range, or null unless both ends are within 1-65535 and in order. */
export function parsePortRange(spec: string): PortRange | null {
  const m = PORT_SPEC.exec(spec);
  if (!m) return null;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return from >= 1 && to <= 65535 && from <= to ? { from, to } : null;
}
