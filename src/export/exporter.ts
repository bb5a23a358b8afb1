import type { Answer } from '../core/answer.js';
import type { ExportFormat } from '../core/formats.js';

export type { ExportFormat } from '../core/formats.js';

/** One firewall format: how to write an answer in it, and how to name and label the file it goes in. */
export interface Exporter {
  id: ExportFormat;
  /** For menus: "CSV change request", "iptables-restore rules". */
  title: string;
  /** Without the dot: "csv", "rules". */
  fileExtension: string;
  mimeType: string;
  render(answer: Answer): string;
}
