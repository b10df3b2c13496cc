/**
 * ECharts' SVG renderer names the clip paths and CSS classes of a chart after a process-wide
 * counter (`zr3-c0`, `zr3-cls-7`), so the same option rendered twice differs in those names only.
 * Renumbering them in order of appearance makes an exported SVG a function of its option: the
 * window's export and the headless one (CLI, reports) give the same text. Pure module.
 */
const ECHARTS_ID = /\bzr\d+-(cls-|[a-z]+)(\d+)\b/g;

/** The SVG with every ECharts instance id renumbered from zero, per id kind, in order of appearance. */
export function canonicalSvg(svg: string): string {
  const renamed = new Map<string, string>();
  const counts = new Map<string, number>();
  return svg.replace(ECHARTS_ID, (token: string, kind: string) => {
    let name = renamed.get(token);
    if (name === undefined) {
      const n = counts.get(kind) ?? 0;
      counts.set(kind, n + 1);
      name = `zr0-${kind}${n}`;
      renamed.set(token, name);
    }
    return name;
  });
}
