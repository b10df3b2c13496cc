/** The report text of each UI language. */
import type { Settings } from '../../api.js';
import { en } from './en.js';
import { es } from './es.js';
import { ptBR } from './pt-BR.js';
import type { ReportText } from './types.js';

export type { ReportPart, ReportText } from './types.js';

export const REPORT_TEXT: Record<Settings['language'], ReportText> = { en, 'pt-BR': ptBR, es };
