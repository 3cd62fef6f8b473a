/**
 * The report chart, drawn in-process with @napi-rs/canvas (Skia, prebuilt binaries shipped as npm
 * optional dependencies, nothing downloaded at run time): volume by problem category (left) and
 * service-level compliance per priority, response and resolution (right). Returns PNG bytes.
 * Labels are in the reader's language: the Noto Sans SC font (CJK and Latin glyphs) comes from an npm
 * package (@expo-google-fonts/noto-sans-sc, OFL) and is registered on first use; only when it cannot
 * be loaded and no CJK font is installed do Chinese readers get English labels (never empty boxes).
 */
import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { names } from '../../blocks/ticket-card.ts';
import type { DeskConfig } from '../config/desk-config.ts';
import { PRIORITIES } from '../domain/types.ts';
import type { PeriodFigures } from '../domain/views.ts';
import { type Lang, type MessageKey, translator } from '../i18n/index.ts';

const W = 1000;
const H = 460;
const COLORS = { bar: '#4A78C2', response: '#4A78C2', resolution: '#E0863A', text: '#222', grid: '#DDD' };

/** The bundled font's family name, registered from the package on first use. */
export const CHART_FONT = 'Noto Sans SC';
const BUNDLED_FONT = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

let bundled: boolean | undefined;
/** Registers the bundled CJK font once; false when the package's file cannot be loaded. */
export function registerChartFont(): boolean {
  if (bundled === undefined) {
    try {
      const path = createRequire(import.meta.url).resolve(BUNDLED_FONT);
      bundled = !!GlobalFonts.registerFromPath(path, CHART_FONT);
    } catch {
      bundled = false;
    }
  }
  return bundled;
}

let cjk: boolean | undefined;
function hasCjkFont(): boolean {
  if (registerChartFont()) return true;
  cjk ??= GlobalFonts.families.some((f) =>
    /cjk|hei|song|kai|ming|wenquanyi|yahei|pingfang|noto sans sc|source han|droid sans fallback/i.test(
      f.family,
    ),
  );
  return cjk;
}

export function chartLang(lang: Lang): Lang {
  return lang === 'zh-CN' && !hasCjkFont() ? 'en' : lang;
}

export async function renderReportChart(config: DeskConfig, lang: Lang, f: PeriodFigures): Promise<Buffer> {
  const l = chartLang(lang);
  // The bundled font first (it has Latin and CJK glyphs); the system's sans-serif otherwise.
  const family = registerChartFont() ? `"${CHART_FONT}", sans-serif` : 'sans-serif';
  const tr = translator(l);
  const n = names(config, l);
  const canvas = createCanvas(W, H);
  const g = canvas.getContext('2d');
  g.fillStyle = '#FFFFFF';
  g.fillRect(0, 0, W, H);
  g.fillStyle = COLORS.text;
  g.font = `bold 18px ${family}`;
  g.fillText(tr('report.chart.volume'), 20, 30);
  g.fillText(tr('report.chart.sla'), 540, 30);

  // Left: horizontal bars, volume by category.
  g.font = `13px ${family}`;
  const cats = f.categories.slice(0, 10);
  const max = Math.max(1, ...cats.map((c) => c.count));
  const rowH = Math.min(36, 380 / Math.max(1, cats.length));
  cats.forEach((c, i) => {
    const y = 60 + i * rowH;
    const barW = Math.round((c.count / max) * 230);
    g.fillStyle = COLORS.text;
    g.fillText(truncateLabel(n.category(c.key), 22), 20, y + rowH / 2 + 4);
    g.fillStyle = COLORS.bar;
    g.fillRect(200, y + 4, Math.max(2, barW), rowH - 10);
    g.fillStyle = COLORS.text;
    g.fillText(`${c.count} (${Math.round(c.share * 100)}%)`, 206 + barW, y + rowH / 2 + 4);
  });
  if (cats.length === 0) g.fillText(tr('digest.none'), 20, 70);

  // Right: grouped bars, on-time share per priority.
  const x0 = 580;
  const y0 = 400;
  const plotH = 320;
  g.strokeStyle = COLORS.grid;
  g.lineWidth = 1;
  for (let p = 0; p <= 100; p += 25) {
    const y = y0 - (p / 100) * plotH;
    g.beginPath();
    g.moveTo(x0, y);
    g.lineTo(x0 + 380, y);
    g.stroke();
    g.fillStyle = COLORS.text;
    g.fillText(`${p}%`, x0 - 42, y + 4);
  }
  PRIORITIES.forEach((p, i) => {
    const gx = x0 + 20 + i * 120;
    const resp = f.responseSlaByPriority[p]?.rate;
    const res = f.resolutionSlaByPriority[p]?.rate;
    for (const [j, value, color] of [
      [0, resp, COLORS.response],
      [1, res, COLORS.resolution],
    ] as const) {
      if (value === null || value === undefined) continue;
      const h = Math.round(value * plotH);
      g.fillStyle = color;
      g.fillRect(gx + j * 42, y0 - h, 38, h);
    }
    g.fillStyle = COLORS.text;
    g.fillText(tr(`priority.${p}` as MessageKey), gx, y0 + 20);
  });
  // Legend.
  g.fillStyle = COLORS.response;
  g.fillRect(x0, 430, 14, 14);
  g.fillStyle = COLORS.text;
  g.fillText(tr('report.chart.response'), x0 + 20, 442);
  g.fillStyle = COLORS.resolution;
  g.fillRect(x0 + 180, 430, 14, 14);
  g.fillStyle = COLORS.text;
  g.fillText(tr('report.chart.resolution'), x0 + 200, 442);
  return canvas.encode('png');
}

function truncateLabel(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}
