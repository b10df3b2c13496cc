/** Pure table builders and CSV / Markdown / LaTeX writers for exports. */
export * from './run-tables.js';
export * from './sweep-tables.js';
export * from './table.js';
