/**
 * The Markdown report: GitHub-flavoured Markdown next to a figures folder (charts as SVG,
 * galleries as PNG), tables from the shared table writer. Pure module.
 */
import { escapeMarkdown, toMarkdown } from '../tables/table.js';
import type { FigureAsset, ReportBlock, ReportDocument } from './document.js';
import type { Numbering } from './html.js';

function blockMarkdown(block: ReportBlock, figures: ReadonlyMap<string, FigureAsset>, counter: { figure: number; table: number }, numbering: Numbering): string {
  switch (block.type) {
    case 'heading':
      return `### ${escapeMarkdown(block.text)}`;
    case 'paragraph':
      return escapeMarkdown(block.text);
    case 'note':
      return `*${escapeMarkdown(block.text)}*`;
    case 'table':
      counter.table += 1;
      return `${toMarkdown(block.table)}\n*${numbering.table} ${counter.table}: ${escapeMarkdown(block.caption)}*`;
    case 'figure': {
      const asset = figures.get(block.figureId);
      if (!asset) return '';
      counter.figure += 1;
      const caption = `${numbering.figure} ${counter.figure}: ${block.caption}`;
      return `![${escapeMarkdown(caption)}](${asset.file})\n\n*${escapeMarkdown(caption)}*`;
    }
    case 'facts':
      return toMarkdown({ headers: ['', ''], rows: block.rows.map(([k, v]) => [{ text: k }, { text: v }]) }).trimEnd();
    case 'code':
      return `\`\`\`${block.language}\n${block.text}\n\`\`\``;
  }
}

export function reportToMarkdown(doc: ReportDocument, figures: ReadonlyMap<string, FigureAsset>, numbering: Numbering): string {
  const counter = { figure: 0, table: 0 };
  const parts = [
    `# ${escapeMarkdown(doc.title)}`,
    `*${escapeMarkdown(doc.subtitle)}*`,
    `## ${escapeMarkdown(numbering.contents)}`,
    doc.sections.map((s, i) => `${i + 1}. [${escapeMarkdown(s.title)}](#${s.id})`).join('\n'),
  ];
  for (const section of doc.sections) {
    parts.push(`<a id="${section.id}"></a>\n\n## ${escapeMarkdown(section.title)}`);
    for (const block of section.blocks) {
      const text = blockMarkdown(block, figures, counter, numbering);
      if (text) parts.push(text);
    }
  }
  return `${parts.join('\n\n')}\n`;
}
