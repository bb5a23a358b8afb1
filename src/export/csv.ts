import type { Answer, RuleEndpoint } from '../core/answer.js';
import type { Protocol } from '../core/dataset/schema.js';
import type { Exporter } from './exporter.js';
import { describeEndpoint, oneLine, planRule, type PlannedRule } from './plan.js';

// A change-request sheet (RFC 4180): one row per source, destination, protocol and port, so that it sorts and
// filters in a spreadsheet.

export const CSV_COLUMNS = [
  'Direction',
  'Source',
  'Source name',
  'Destination',
  'Destination name',
  'Protocol',
  'Port',
  'Required',
  'Purpose',
  'Section',
  'Rule',
  'Dataset version',
  'Dataset date',
  'Note',
] as const;

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

function endpointValue(endpoint: RuleEndpoint): string {
  return endpoint.kind === 'reference' ? (endpoint.url ?? endpoint.value) : endpoint.value;
}

function endpointNote(endpoint: RuleEndpoint, side: 'source' | 'destination'): string[] {
  const notes: string[] = [];
  if (endpoint.kind === 'placeholder') notes.push(`${side} depends on your setup${endpoint.find?.length ? `; find it: ${endpoint.find.join(' ; ')}` : ''}`);
  if (endpoint.kind === 'host') notes.push(`${side} is a host name: allow it by name in a proxy or DNS-aware firewall`);
  if (endpoint.kind === 'reference') notes.push(`${side} addresses are listed on the linked page: ${oneLine(describeEndpoint(endpoint))}`);
  return notes;
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
            Source: endpointValue(source),
            'Source name': source.label,
            Destination: endpointValue(destination),
            'Destination name': destination.label,
            Protocol: PROTOCOL_CELLS[protocol],
            Port: port,
            Required: rule.required ? 'yes' : 'no',
            Purpose: rule.purpose,
            Section: rule.sectionUrl,
            Rule: rule.id,
            'Dataset version': answer.dataset.version,
            'Dataset date': answer.dataset.lastUpdated,
            Note: [...endpointNote(source, 'source'), ...endpointNote(destination, 'destination'), ...pendingNotes].join(' | '),
          });
        }
      }
    }
  }
  return rows;
}

/** The sheet's records, header first, as cell values before quoting. */
export function csvRecords(answer: Answer): string[][] {
  const rows = answer.rules.flatMap((rule) => rowsOf(planRule(rule), answer));
  return [[...CSV_COLUMNS], ...rows.map((row) => CSV_COLUMNS.map((c) => row[c]))];
}

export function renderCsv(answer: Answer): string {
  return csvRecords(answer).map((record) => record.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const csvExporter: Exporter = {
  id: 'csv',
  title: 'CSV change request',
  fileExtension: 'csv',
  mimeType: 'text/csv',
  render: renderCsv,
};
