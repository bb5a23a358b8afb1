import type { Answer, RuleEndpoint } from '../core/answer.js';
import type { Protocol } from '../core/dataset/schema.js';
import type { Exporter } from './exporter.js';
import { describeEndpoint, isAddress, oneLine, planAnswer, type PlannedRule } from './plan.js';

// A change-request sheet (RFC 4180): one row per source, destination, protocol and port, one value per cell, so
// that it sorts and filters in a spreadsheet and imports into a change-request tool.

/** The sheet's columns and what each holds, in order: docs/exports.md shows this list. */
export const CSV_COLUMN_MEANINGS = {
  Direction: 'outbound, inbound or between-workers',
  Source: "an address or CIDR, or a role to fill in such as <your workstation's public egress IP>",
  'Source name': 'what the source is',
  Destination: 'an address, a CIDR (0.0.0.0/0 for any address) or a host name; empty when the row names none (see Action)',
  'Destination name': 'what the destination is, or what to fill in',
  'Address list': 'for a destination the page only links to: the page that lists its addresses',
  Protocol: 'TCP, UDP, VRRP (112), IPEncap (4) or all',
  Port: 'a port, a range such as 20000-32767, any, empty for protocols without ports, or <...> when still to look up',
  Required: 'yes or no',
  Condition: 'when the rule applies, if only in some setups',
  Purpose: 'what the rule is for',
  Section: 'the section of the IBM page that says so',
  Rule: "porthole's rule id (porthole why, --format json)",
  'Dataset version': 'the dataset the sheet was made from',
  'Dataset date': 'the date of the IBM page of that dataset',
  Action: 'what to do with the row',
  Note: 'how to find values still to fill in, and the exact port behind a range',
} as const;

export const CSV_COLUMNS = Object.keys(CSV_COLUMN_MEANINGS) as (keyof typeof CSV_COLUMN_MEANINGS)[];

type Row = Record<(typeof CSV_COLUMNS)[number], string>;

const PROTOCOL_CELLS: Record<Protocol, string> = { tcp: 'TCP', udp: 'UDP', vrrp: 'VRRP (112)', ipencap: 'IPEncap (4)', all: 'all' };

// Spreadsheets run a cell that starts with one of these as a formula; a leading apostrophe makes it text.
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell's text as the sheet shows it: a leading apostrophe keeps a would-be formula plain text. */
export function guardFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvCell(value: string): string {
  const text = guardFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const ANY_ADDRESS = '0.0.0.0/0';

/** The Destination, Destination name, Address list and Action cells of one destination. */
function destinationCells(endpoint: RuleEndpoint, plan: PlannedRule): Pick<Row, 'Destination' | 'Destination name' | 'Address list' | 'Action'> {
  const open = plan.active ? 'open' : 'optional: open only if you want it';
  if (endpoint.kind === 'reference') {
    return { Destination: '', 'Destination name': endpoint.label, 'Address list': endpoint.url ?? endpoint.value, Action: `${open} to each address listed at Address list` };
  }
  if (endpoint.kind === 'placeholder' || ((endpoint.kind === 'ip' || endpoint.kind === 'cidr') && !isAddress(endpoint))) {
    const find = endpoint.find?.length ? `; find it: ${oneLine(endpoint.find.join(' ; '))}` : '';
    return { Destination: '', 'Destination name': `${endpoint.value} (${endpoint.label})`, 'Address list': '', Action: `fill in the destination, then ${open}${find}` };
  }
  if (endpoint.kind === 'host') {
    return { Destination: endpoint.value, 'Destination name': endpoint.label, 'Address list': '', Action: `${open} by name in a proxy or DNS-aware firewall` };
  }
  const value = endpoint.kind === 'any' ? ANY_ADDRESS : endpoint.value;
  return { Destination: value, 'Destination name': endpoint.label, 'Address list': '', Action: open };
}

function sourceNote(endpoint: RuleEndpoint): string[] {
  if (endpoint.kind === 'placeholder') return [`source depends on your setup${endpoint.find?.length ? `; find it: ${endpoint.find.join(' ; ')}` : ''}`];
  if (endpoint.kind === 'host') return ['source is a host name: allow it by name in a proxy or DNS-aware firewall'];
  if (endpoint.kind === 'reference') return [`source addresses are listed on the linked page: ${oneLine(describeEndpoint(endpoint))}`];
  return [];
}

function portCells(plan: PlannedRule, protocol: Protocol): string[] {
  if (protocol === 'vrrp' || protocol === 'ipencap') return [''];
  if (protocol === 'all') return ['any'];
  if (plan.portUnknown) return [plan.portPlaceholder!];
  return plan.rule.ports.length > 0 ? plan.rule.ports : ['any'];
}

function rowsOf(plan: PlannedRule, answer: Answer): Row[] {
  const { rule } = plan;
  const pendingNotes = plan.pending.map(
    (p) => `${plan.portUnknown ? 'port' : `port ${p.range ?? ''} stands for`} ${p.label}; find it: ${p.find.join(' ; ')}`,
  );
  const rows: Row[] = [];
  for (const source of rule.sources) {
    for (const destination of rule.destinations) {
      for (const protocol of rule.protocols) {
        for (const port of portCells(plan, protocol)) {
          rows.push({
            Direction: rule.direction,
            Source: source.kind === 'any' ? ANY_ADDRESS : source.kind === 'reference' ? (source.url ?? source.value) : source.value,
            'Source name': source.label,
            ...destinationCells(destination, plan),
            Protocol: PROTOCOL_CELLS[protocol],
            Port: port,
            Required: rule.required ? 'yes' : 'no',
            Condition: rule.condition ?? '',
            Purpose: rule.purpose,
            Section: rule.sectionUrl,
            Rule: rule.id,
            'Dataset version': answer.dataset.version,
            'Dataset date': answer.dataset.lastUpdated,
            Note: [...sourceNote(source), ...pendingNotes].join(' | '),
          });
        }
      }
    }
  }
  return rows;
}

/** The sheet's records, header first, as cell values before quoting. */
export function csvRecords(answer: Answer): string[][] {
  // Allowlists on IBM's side are not firewall rules: the sheet, like every export, leaves them out.
  const rows = planAnswer(answer).flatMap((plan) => rowsOf(plan, answer));
  return [[...CSV_COLUMNS], ...rows.map((row) => CSV_COLUMNS.map((c) => row[c]))];
}

/** Records as the file's text: each cell quoted as needed, CRLF line ends. */
export function csvText(records: string[][]): string {
  return records.map((record) => record.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function renderCsv(answer: Answer): string {
  return csvText(csvRecords(answer));
}

export const csvExporter: Exporter = {
  id: 'csv',
  title: 'CSV change request',
  fileExtension: 'csv',
  mimeType: 'text/csv',
  render: renderCsv,
};
