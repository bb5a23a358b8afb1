import type { types } from '@slack/bolt';
import type { Answer } from '../core/answer.js';
import { describeSources, describeSubject } from '../core/render/describe.js';
import { EXPORTERS, exportFileName, isExportFormat, type Exporter, type ExportFormat } from '../export/index.js';
import { plainText } from './block-kit.js';
import { SLACK_LIMITS } from './limits.js';

/**
 * The "Export as…" menu under every answer: one static select with an option per format of the EXPORTERS
 * registry (a format added there appears here without a Slack change). A static select holds up to 100 options,
 * so every format fits in one menu, and Slack's 2-option floor of overflow menus never applies. The option
 * value is the format id.
 */

export const EXPORT_ACTION_ID = 'porthole.export';

/** The Export menu for the given exporters (default: every registered format). */
export function exportMenu(exporters: Exporter[] = Object.values(EXPORTERS)): types.StaticSelect {
  return {
    type: 'static_select',
    action_id: EXPORT_ACTION_ID,
    placeholder: plainText('Export as…', SLACK_LIMITS.placeholderText),
    options: exporters.slice(0, SLACK_LIMITS.selectOptions).map((e) => ({ text: plainText(e.title, SLACK_LIMITS.optionText), value: e.id })),
  };
}

export interface ExportFile {
  format: ExportFormat;
  filename: string;
  title: string;
  content: string;
  /** The file's initial comment, plain words (escaped by the caller). */
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
  return {
    format,
    filename: exportFileName(answer, format),
    title: `porthole: ${subject} (${exporter.title})`,
    content: exporter.render(answer),
    comment: `${subject} as ${exporter.title}, from porthole's dataset ${answer.dataset.version} (${describeSources(answer.dataset)}).`,
  };
}
