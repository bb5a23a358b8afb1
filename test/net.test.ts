import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { ipv4Span, parseIPv4Network } from '../src/core/net.js';

const network = fc.tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 32 }));

describe('ipv4Span', () => {
  it('holds exactly the addresses ipaddr.js counts in the network', () => {
    fc.assert(
      fc.property(network, fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), ([octets, bits], probe) => {
        const span = ipv4Span(parseIPv4Network(`${octets.join('.')}/${bits}`));
        const [base] = ipaddr.IPv4.parseCIDR(`${octets.join('.')}/${bits}`);
        const address = ipaddr.IPv4.parse(probe.join('.'));
        const value = probe.reduce((n, o) => n * 256 + o, 0);
        expect(value >= span.first && value <= span.last).toBe(address.match(base, bits));
        expect(span.last - span.first + 1).toBe(2 ** (32 - bits));
      }),
    );
  });

  it('reads an address as its own /32', () => {
    const span = ipv4Span(parseIPv4Network('255.255.255.255'));
    expect(span).toEqual({ first: 2 ** 32 - 1, last: 2 ** 32 - 1, bits: 32 });
  });
});
