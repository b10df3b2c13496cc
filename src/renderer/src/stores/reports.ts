/**
 * Reports store: the export dialog's choices (scope, format, sections, where to) and the calls
 * that preview and write a report. The report's text follows the UI language.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Settings } from '../../../shared/api.js';
import { DEFAULT_REPORT_SECTIONS, type ReportFormat, type ReportRequest, type ReportResult, type ReportScope, type ReportSection } from '../../../shared/report/sections.js';
import { errorMessage, lab } from '../services/lab.js';

export type ScopeKind = 'experiment' | 'selection' | 'sweep';

export const useReportsStore = defineStore('reports', () => {
  const format = ref<ReportFormat>('html');
  const sections = ref<ReportSection[]>([...DEFAULT_REPORT_SECTIONS]);
  const path = ref('');
  const previewHtml = ref<string | null>(null);
  const warnings = ref<string[]>([]);
  const busy = ref<'preview' | 'export' | null>(null);
  const error = ref<string | null>(null);
  const written = ref<ReportResult | null>(null);

  function request(scope: ReportScope, language: Settings['language']): ReportRequest {
    return { scope, format: format.value, sections: [...sections.value], language };
  }

  async function track<T>(what: 'preview' | 'export', call: () => Promise<T>): Promise<T | null> {
    busy.value = what;
    error.value = null;
    try {
      return await call();
    } catch (e) {
      error.value = errorMessage(e);
      return null;
    } finally {
      busy.value = null;
    }
  }

  async function preview(scope: ReportScope, language: Settings['language']): Promise<void> {
    const result = await track('preview', () => lab().reports.preview(request(scope, language)));
    if (result) {
      previewHtml.value = result.html;
      warnings.value = result.warnings;
    }
  }

  /** Write the report to `path`; resolves to what was written, or null on failure (see `error`). */
  async function exportTo(scope: ReportScope, language: Settings['language']): Promise<ReportResult | null> {
    written.value = null;
    const result = await track('export', () => lab().reports.export(request(scope, language), path.value.trim()));
    if (result) {
      written.value = result;
      warnings.value = result.warnings;
    }
    return result;
  }

  function chooseSaveFile(defaultPath: string): Promise<string | null> {
    return lab().dialogs.chooseSaveFile({ defaultPath, filters: [{ name: format.value.toUpperCase(), extensions: [format.value] }] });
  }

  function reset(): void {
    previewHtml.value = null;
    warnings.value = [];
    error.value = null;
    written.value = null;
  }

  return { format, sections, path, previewHtml, warnings, busy, error, written, preview, exportTo, chooseSaveFile, reset };
});
