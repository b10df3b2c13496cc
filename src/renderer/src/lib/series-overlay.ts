/**
 * A 1-D series and its reconstruction drawn as two overlaid lines on one canvas (ECG beats):
 * the input solid blue, the reconstruction dashed vermilion, the gap between them shaded.
 */
import { ANOMALY_COLORS } from '../../../shared/figures/anomaly.js';

export function drawSeriesOverlay(ctx: CanvasRenderingContext2D, input: readonly number[], output: readonly number[], width: number, height: number): void {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = '#dddddd';
  ctx.lineWidth = 1;
  ctx.strokeRect(0.5, 0.5, width - 1, height - 1);
  const n = Math.max(input.length, output.length);
  if (n === 0) return;
  const pad = 4;
  const x = (i: number): number => pad + (n > 1 ? (i * (width - 2 * pad)) / (n - 1) : 0);
  const y = (v: number): number => pad + (height - 2 * pad) * (1 - Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)));

  // The error as the area between the two curves.
  ctx.beginPath();
  input.forEach((v, i) => (i === 0 ? ctx.moveTo(x(i), y(v)) : ctx.lineTo(x(i), y(v))));
  for (let i = output.length - 1; i >= 0; i--) ctx.lineTo(x(i), y(output[i] as number));
  ctx.closePath();
  ctx.fillStyle = 'rgba(213, 94, 0, 0.15)';
  ctx.fill();

  const line = (values: readonly number[], color: string, dash: number[]): void => {
    ctx.beginPath();
    values.forEach((v, i) => (i === 0 ? ctx.moveTo(x(i), y(v)) : ctx.lineTo(x(i), y(v))));
    ctx.setLineDash(dash);
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.setLineDash([]);
  };
  line(input, ANOMALY_COLORS.normal, []);
  line(output, ANOMALY_COLORS.anomalous, [4, 3]);
}
