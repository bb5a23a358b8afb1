import type { Answer } from '../core/answer.js';
import { calicoExporter } from './calico.js';
import { csvExporter } from './csv.js';
import type { Exporter, ExportFormat } from './exporter.js';
import { iptablesExporter } from './iptables.js';
import { exportBaseName } from './names.js';
import { nftablesExporter } from './nftables.js';
import { probeExporter } from './probe.js';
import { probeK8sExporter } from './probe-k8s.js';

export type { Exporter, ExportFormat } from './exporter.js';
export { exportBaseName } from './names.js';

/** Every export format; adding a format is adding its module and one line here. */
export const EXPORTERS: Record<ExportFormat, Exporter> = {
  csv: csvExporter,
  iptables: iptablesExporter,
  nftables: nftablesExporter,
  calico: calicoExporter,
  probe: probeExporter,
  'probe-k8s': probeK8sExporter,
};

export const EXPORT_FORMATS = Object.keys(EXPORTERS) as ExportFormat[];

export function isExportFormat(name: string): name is ExportFormat {
  return Object.hasOwn(EXPORTERS, name);
}

/** `porthole-kubectl-eu-de.rules`: the file an export goes in. */
export function exportFileName(answer: Answer, format: ExportFormat): string {
  return `${exportBaseName(answer)}.${EXPORTERS[format].fileExtension}`;
}
