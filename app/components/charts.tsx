import { useEffect, useState, type ReactNode } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

/**
 * Charts drawn with Recharts in the browser only: they measure their container, which the server
 * cannot. Every chart sits beside a server-rendered table holding the same figures, so the page
 * reads the same without scripts.
 */
function ClientOnly({ height, children }: { height: number; children: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <div style={{ height }} className="w-full" aria-hidden="true">
      {mounted ? children : null}
    </div>
  );
}

const COLOURS = ["#1d64d8", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2", "#64748b"];

export type Series = { key: string; label: string; colour?: string };

export function TrendChart({
  data,
  x,
  series,
  height = 260,
  percent = false,
}: {
  data: Record<string, string | number | null>[];
  x: string;
  series: Series[];
  height?: number;
  percent?: boolean;
}) {
  const tick = (value: number) => (percent ? `${Math.round(value * 100)}%` : String(value));
  return (
    <ClientOnly height={height}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey={x} fontSize={12} />
          <YAxis fontSize={12} tickFormatter={tick} domain={percent ? [0, 1] : ["auto", "auto"]} />
          <Tooltip formatter={(value) => (typeof value === "number" ? tick(value) : String(value))} />
          <Legend />
          {series.map((line, index) => (
            <Line
              key={line.key}
              type="monotone"
              dataKey={line.key}
              name={line.label}
              stroke={line.colour ?? COLOURS[index % COLOURS.length]}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ClientOnly>
  );
}

export function BarsChart({
  data,
  x,
  series,
  height = 260,
  stacked = false,
  horizontal = false,
}: {
  data: Record<string, string | number | null>[];
  x: string;
  series: Series[];
  height?: number;
  stacked?: boolean;
  horizontal?: boolean;
}) {
  return (
    <ClientOnly height={height}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout={horizontal ? "vertical" : "horizontal"} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          {horizontal ? (
            <>
              <XAxis type="number" fontSize={12} />
              <YAxis type="category" dataKey={x} fontSize={12} width={120} />
            </>
          ) : (
            <>
              <XAxis dataKey={x} fontSize={12} />
              <YAxis fontSize={12} />
            </>
          )}
          <Tooltip />
          {series.length > 1 ? <Legend /> : null}
          {series.map((bar, index) => (
            <Bar
              key={bar.key}
              dataKey={bar.key}
              name={bar.label}
              fill={bar.colour ?? COLOURS[index % COLOURS.length]}
              stackId={stacked ? "stack" : undefined}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ClientOnly>
  );
}

export type ScatterPoint = { x: number; y: number; name?: string };
export type ScatterGroup = { key: string; label: string; points: ScatterPoint[]; colour?: string };

/**
 * Points in groups (one colour each), e.g. customers by tier: x against y, both numbers already in
 * the unit to show; `format` words a value on the axes and in the tooltip.
 */
export function ScatterPlot({
  groups,
  xLabel,
  yLabel,
  height = 320,
  format = (value: number) => String(value),
}: {
  groups: ScatterGroup[];
  xLabel: string;
  yLabel: string;
  height?: number;
  format?: (value: number) => string;
}) {
  return (
    <ClientOnly height={height}>
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis
            type="number"
            dataKey="x"
            name={xLabel}
            fontSize={12}
            tickFormatter={format}
            label={{ value: xLabel, position: "insideBottom", offset: -12, fontSize: 12 }}
          />
          <YAxis
            type="number"
            dataKey="y"
            name={yLabel}
            fontSize={12}
            width={80}
            tickFormatter={format}
            label={{ value: yLabel, angle: -90, position: "insideLeft", fontSize: 12 }}
          />
          <Tooltip
            cursor={{ strokeDasharray: "3 3" }}
            content={({ active, payload }) => {
              const point = active ? (payload?.[0]?.payload as ScatterPoint | undefined) : undefined;
              if (!point) return null;
              return (
                <div className="rounded border border-slate-200 bg-white px-2 py-1 text-xs shadow">
                  {point.name ? <p className="font-medium">{point.name}</p> : null}
                  <p>
                    {xLabel}: {format(point.x)}
                  </p>
                  <p>
                    {yLabel}: {format(point.y)}
                  </p>
                </div>
              );
            }}
          />
          {groups.length > 1 ? <Legend verticalAlign="top" /> : null}
          {groups.map((group, index) => (
            <Scatter
              key={group.key}
              name={group.label}
              data={group.points}
              fill={group.colour ?? COLOURS[index % COLOURS.length]}
              isAnimationActive={false}
            />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </ClientOnly>
  );
}
