/** Table reshaping for reports. Pure module. */
import type { TableData } from '../tables/table.js';

/**
 * Turn a runs × columns table (first column: the run) into columns × runs, so a few runs with many
 * long metric names read down the page instead of shrinking to fit across it. `corner` heads the
 * new first column; cells (and their emphasis) and the note under the table are kept.
 */
export function transposeTable(table: TableData, corner: string): TableData {
  return {
    headers: [corner, ...table.rows.map((row) => row[0]?.text ?? '')],
    rows: table.headers.slice(1).map((header, c) => [{ text: header }, ...table.rows.map((row) => row[c + 1] ?? { text: '' })]),
    ...(table.note ? { note: table.note } : {}),
  };
}
