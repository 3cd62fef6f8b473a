/**
 * The report chart's labels in the reader's language (issue 12): the CJK font comes from an npm
 * package and is registered on first use, so Chinese labels draw as glyphs, not boxes.
 */
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { loadDeskConfig } from '../../src/config/desk-config.ts';
import type { PeriodFigures } from '../../src/domain/views.ts';
import { CHART_FONT, chartLang, registerChartFont, renderReportChart } from '../../src/reports/chart.ts';

function glyph(ch: string): string {
  const c = createCanvas(40, 40);
  const g = c.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, 40, 40);
  g.fillStyle = '#000';
  g.font = `28px "${CHART_FONT}"`;
  g.fillText(ch, 4, 32);
  return c.toDataURL('image/png');
}

describe('report chart font', () => {
  it('registers the bundled CJK font and keeps Chinese readers in Chinese', () => {
    expect(registerChartFont()).toBe(true);
    expect(chartLang('zh-CN')).toBe('zh-CN');
    expect(chartLang('en')).toBe('en');
  });

  it('draws distinct CJK glyphs (not the same missing-glyph box)', () => {
    const a = glyph('功');
    const b = glyph('能');
    const box = glyph('\u{10FFFD}');
    expect(a).not.toBe(b);
    expect(a).not.toBe(box);
  });

  it('renders the chart with Chinese labels as a PNG', async () => {
    const config = loadDeskConfig('config/example.yml');
    const rate = { n: 1, total: 2, rate: 0.5 };
    const f = {
      categories: [{ key: 'functional_fault', count: 3, share: 0.6 }],
      responseSlaByPriority: { P1: rate, P2: rate },
      resolutionSlaByPriority: { P2: rate },
    } as unknown as PeriodFigures;
    const png = await renderReportChart(config, 'zh-CN', f);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});
