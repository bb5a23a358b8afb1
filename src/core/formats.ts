/**
 * Every output format, defined once. The answer model, the parser's "as csv" vocabulary, the CLI's --format
 * and the exporter registry (every format but text and json has an exporter, a type error otherwise) read it.
 */
export const OUTPUT_FORMATS = ['text', 'json', 'csv', 'iptables', 'nftables', 'calico', 'probe', 'probe-k8s'] as const;

export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The formats written by an exporter (files for firewall teams), as opposed to the text and JSON answers. */
export type ExportFormat = Exclude<OutputFormat, 'text' | 'json'>;

export function isOutputFormat(name: string): name is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(name);
}
