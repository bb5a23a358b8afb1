import type { Answer } from '../core/answer.js';
import { describeSubject } from '../core/render/describe.js';
import { EXPORTERS, exportFileName, isExportFormat, type Exporter, type ExportFormat } from '../export/index.js';
import type { ExtraMenu } from './blocks.js';
import { SLACK_LIMITS } from './limits.js';

/**
 * The "Export" menu under every answer: one overflow option per format of the EXPORTERS registry (a format
 * added there appears here without Slack changes). An overflow menu holds at most 5 options, so further formats
 * go to a second menu (`porthole.export.2`, ...); the option value is the format id.
 */

export const EXPORT_ACTION_ID = 'porthole.export';

function exportersOf(registry: Record<string, Exporter>): Exporter[] {
  return Object.values(registry);
}

/** The action ids of the Export menus for `count` formats: `porthole.export`, `porthole.export.2`, ... */
export function exportActionIds(count: number = exportersOf(EXPORTERS).length): string[] {
  const menus = Math.max(1, Math.ceil(count / SLACK_LIMITS.overflowOptions));
  return Array.from({ length: menus }, (_, i) => (i === 0 ? EXPORT_ACTION_ID : `${EXPORT_ACTION_ID}.${i + 1}`));
}

/** The Export menus for the given exporters (default: every registered format). */
export function exportMenus(exporters: Exporter[] = exportersOf(EXPORTERS)): ExtraMenu[] {
  const ids = exportActionIds(exporters.length);
  return ids.map((actionId, i) => ({
    actionId,
    options: exporters
      .slice(i * SLACK_LIMITS.overflowOptions, (i + 1) * SLACK_LIMITS.overflowOptions)
      .map((e) => ({ text: `Export as ${e.title}`, value: e.id })),
  }));
}

/** The `answerMenus` seam of createApp: the same Export menus under every answer. */
export function exportAnswerMenus(_answer: Answer): ExtraMenu[] {
  return exportMenus();
}

export interface ExportFile {
  format: ExportFormat;
  filename: string;
  title: string;
  content: string;
  /** The file's initial comment (plain words, no mrkdwn control characters but the ones escaped by the caller). */
  comment: string;
}

/** The format an Export option value names, or null for one this version of porthole does not know. */
export function exportFormatOf(value: string | undefined): ExportFormat | null {
  return value !== undefined && isExportFormat(value) ? value : null;
}

/** The file an Export choice uploads: the exporter's output for the answer, its name, title and a short comment. */
export function exportFile(answer: Answer, format: ExportFormat): ExportFile {
  const exporter = EXPORTERS[format];
  const subject = describeSubject(answer);
  const filename = exportFileName(answer, format);
  return {
    format,
    filename,
    title: `porthole: ${subject} (${exporter.title})`,
    content: exporter.render(answer),
    comment: `${subject} as ${exporter.title}, from porthole's dataset ${answer.dataset.version} (updated ${answer.dataset.lastUpdated}).`,
  };
}
