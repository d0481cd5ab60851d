import { useEffect, useRef } from 'react';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

// Only what the pages draw is bundled (tree-shaken imports from echarts/core).
echarts.use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, LegendComponent, DatasetComponent, CanvasRenderer]);

export type ChartClick = { name: string; dataIndex: number; seriesIndex: number | undefined };

/**
 * One ECharts chart: made on mount, given each new option (notMerge, so a series that went away
 * goes), resized with its box, disposed on unmount. `label` names it for screen readers; the table
 * under each chart carries the same numbers as text.
 */
export function EChart({ option, label, height = 280, onClick, testId }: { option: EChartsCoreOption; label: string; height?: number; onClick?: (p: ChartClick) => void; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => click.current?.({ name: String(p.name), dataIndex: p.dataIndex, seriesIndex: p.seriesIndex }));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className="echart" role="img" aria-label={label} data-testid={testId} style={{ height }} />;
}
