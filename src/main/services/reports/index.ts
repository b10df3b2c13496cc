/** Report export: build, render and write the report of an experiment, some runs or a sweep. */
export { buildReport, type BuiltReport } from './build.js';
export type { ReportSource } from './context.js';
export { exportReport, reportFile, reportHtml } from './export.js';
export { libraryVersions, reproducibility, rerunCommand, type Reproducibility } from './reproducibility.js';
