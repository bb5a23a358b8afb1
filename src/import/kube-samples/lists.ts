import path from 'node:path';
import type { RegionsFile } from '../../core/dataset/schema.js';
import type { KubeSamples, Network, ServiceKind } from './read.js';
import type { PolicyProtocol } from './policy.js';

// A kube-samples read regrouped the way an edition holds addresses: one list per table, that is per service,
// network, protocol and ports (a table's rows share the ports of the rules that name it), with each region's
// addresses, the comments that name them, and the zones its files name.

export type ListKind = 'masters' | ServiceKind | 'control-plane';
export type ListKey = `${Network} ${'masters' | ServiceKind}` | 'control-plane';

export interface RegionRows {
  addresses: string[];
  /** Where they come from: the file and the comments above the nets ("# IBM Cloud Container Registry: …"). */
  sources: string[];
}

export interface AddressList {
  key: ListKey;
  kind: ListKind;
  network: Network | null;
  protocols: PolicyProtocol[];
  /** porthole port specs, as the policy opens them: "20000-32767", "443". */
  ports: string[];
  byRegion: Map<string, RegionRows>;
  /** The registry's global nets. */
  global: RegionRows | null;
  /** region → the zones kube-samples names for it (masters comment, control-plane README). */
  zones: Map<string, string[]>;
  /** The kube-samples file the list comes from, as its region folders name it. */
  sourceFile: string;
}

/** A metro or region folder no region of porthole matches, and why. */
export interface Unplaced {
  what: string;
  addresses: number;
  why: string;
}

type RegionIdOf = (name: string) => string | null;

export function regionMatcher(regions: RegionsFile['regions']): RegionIdOf {
  return (name) => regions.find((r) => r.id === name || r.legacyId === name)?.id ?? null;
}

function addUnique(list: string[], values: readonly string[]): void {
  for (const v of values) if (!list.includes(v)) list.push(v);
}

function rowsIn(map: Map<string, RegionRows>, region: string): RegionRows {
  let rows = map.get(region);
  if (!rows) {
    rows = { addresses: [], sources: [] };
    map.set(region, rows);
  }
  return rows;
}

function addRows(rows: RegionRows, addresses: readonly string[], source: string): void {
  addUnique(rows.addresses, addresses);
  if (!rows.sources.includes(source)) rows.sources.push(source);
}

function newList(key: ListKey, kind: ListKind, network: Network | null, protocols: PolicyProtocol[], ports: string[], sourceFile: string): AddressList {
  return { key, kind, network, protocols, ports, byRegion: new Map(), global: null, zones: new Map(), sourceFile };
}

const commentsOf = (file: string, heading: string, notes: readonly string[]) =>
  `${path.basename(file)}: ${[heading, ...notes].map((c) => `# ${c}`).join(' ')}`;

/** Every list of the read, masters first, then services in the order the region folders give them. */
export function collectLists(checkout: KubeSamples, regionIdOf: RegionIdOf): AddressList[] {
  const lists = new Map<string, AddressList>();
  const listFor = (id: string, make: () => AddressList) => lists.get(id) ?? lists.set(id, make()).get(id)!;
  for (const folder of checkout.regions) {
    const region = regionIdOf(folder.id);
    if (region === null) continue;
    for (const m of folder.masters) {
      const list = listFor(`${m.network} masters`, () => newList(`${m.network} masters`, 'masters', m.network, m.protocols, m.ports, path.basename(m.file)));
      addRows(rowsIn(list.byRegion, region), m.addresses, `${path.basename(m.file)}: # Control plane IP addresses for ${m.nameInComment}: ${m.zones.join(', ')}`);
      list.zones.set(region, m.zones);
    }
    const zones = [...new Set(folder.masters.flatMap((m) => m.zones))];
    for (const s of folder.services) {
      const protocols: PolicyProtocol[] = s.protocol ? [s.protocol] : ['tcp', 'udp'];
      const id = `${s.network} ${s.service} ${protocols.join('+')} ${s.ports.join(',')}`;
      const list = listFor(id, () => newList(`${s.network} ${s.service}`, s.service, s.network, protocols, s.ports, path.basename(s.file)));
      const source = commentsOf(s.file, s.heading, s.notes);
      if (s.global) addRows((list.global ??= { addresses: [], sources: [] }), s.addresses, source);
      else addRows(rowsIn(list.byRegion, region), s.addresses, source);
      if (zones.length > 0) list.zones.set(region, zones);
    }
  }
  return [...lists.values()];
}

/** The control-plane subnets per region, by the names the README gives each metro; the rest unplaced. */
export function controlPlaneList(checkout: KubeSamples, regionIdOf: RegionIdOf): { list: AddressList | null; unplaced: Unplaced[] } {
  const unplaced: Unplaced[] = [];
  if (checkout.controlPlane.length === 0) return { list: null, unplaced };
  const list = newList('control-plane', 'control-plane', null, ['tcp'], ['80'], 'control-plane-ips/control-plane-ips-<metro>.txt');
  for (const metro of checkout.controlPlane) {
    const region = metro.names.map(regionIdOf).find((r) => r !== null) ?? null;
    if (region === null) {
      // A metro the README has no line for is already among the read's leftovers.
      if (metro.names.length > 0) {
        const why = `the README's names for metro "${metro.metro}" (${metro.names.join(', ')}) match no region of data/regions.yml`;
        unplaced.push({ what: `control-plane subnets of ${path.basename(metro.file)}`, addresses: metro.addresses.length, why });
      }
      continue;
    }
    addRows(rowsIn(list.byRegion, region), metro.addresses, `control-plane-ips/${path.basename(metro.file)} (README: ${metro.names.join(', ')}: ${metro.zones.join(', ')})`);
    list.zones.set(region, metro.zones);
  }
  return { list: list.byRegion.size > 0 ? list : null, unplaced };
}
