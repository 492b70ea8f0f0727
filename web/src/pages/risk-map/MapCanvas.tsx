/**
 * The plant layout with its areas as an SVG overlay. Coordinates are fractions of the image (0..1).
 * View: each area filled with its grade's colour (semi-transparent). Drawing: clicks add points; clicking the first
 * point (or the "close" button outside) closes the polygon.
 */
import { type PointerEvent, useRef, useState } from "react";
import type { RiskColor } from "../../api/types";
import { COLOR_STYLE } from "../risks/grade";

export type Point = [number, number];

export interface CanvasArea {
  key: string;
  name: string;
  polygon: Point[];
  color: RiskColor | null;
  selected?: boolean;
}

interface Props {
  src: string;
  width: number;
  height: number;
  areas: CanvasArea[];
  /** Points of the polygon being drawn (drawing mode when defined). */
  drawing?: Point[];
  onAddPoint?: (p: Point) => void;
  /** The user clicked the first point of the polygon being drawn. */
  onClose?: () => void;
  onAreaClick?: (key: string) => void;
  alt: string;
}

const NO_GRADE = { bg: "#9e9e9e", fg: "#ffffff" };

function centroid(poly: Point[]): Point {
  // Area-weighted centroid; the mean of the points for degenerate shapes.
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x0, y0] = poly[i] as Point;
    const [x1, y1] = poly[(i + 1) % poly.length] as Point;
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (Math.abs(a) < 1e-9) {
    const n = poly.length || 1;
    return [poly.reduce((s, p) => s + p[0], 0) / n, poly.reduce((s, p) => s + p[1], 0) / n];
  }
  return [cx / (3 * a), cy / (3 * a)];
}

export function MapCanvas({ src, width, height, areas, drawing, onAddPoint, onClose, onAreaClick, alt }: Props) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(null);
  const [hover, setHover] = useState<Point | null>(null);
  const W = width || natural?.w || 1000;
  const H = height || natural?.h || 750;
  const unit = Math.max(W, H) / 100;
  const drawingMode = drawing !== undefined;

  const toPoint = (e: PointerEvent<SVGSVGElement>): Point => {
    const r = (svgRef.current as SVGSVGElement).getBoundingClientRect();
    const clamp = (v: number) => Math.min(1, Math.max(0, Number(v.toFixed(5))));
    return [clamp((e.clientX - r.left) / r.width), clamp((e.clientY - r.top) / r.height)];
  };
  const pts = (poly: Point[]) => poly.map(([x, y]) => `${x * W},${y * H}`).join(" ");

  return (
    <div style={{ position: "relative", width: "100%", maxWidth: W, lineHeight: 0, userSelect: "none" }} data-testid="map-canvas">
      <img
        src={src}
        alt={alt}
        style={{ width: "100%", display: "block", borderRadius: 4 }}
        onLoad={(e) => setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
        draggable={false}
      />
      <svg
        ref={svgRef}
        data-testid="map-svg"
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        style={{
          position: "absolute",
          inset: 0,
          width: "100%",
          height: "100%",
          cursor: drawingMode ? "crosshair" : "default",
          touchAction: drawingMode ? "none" : "auto",
        }}
        onPointerUp={(e) => {
          if (!drawingMode || e.button !== 0) return;
          onAddPoint?.(toPoint(e));
        }}
        onPointerMove={(e) => drawingMode && e.pointerType === "mouse" && setHover(toPoint(e))}
        onPointerLeave={() => setHover(null)}
      >
        <title>{alt}</title>
        {areas.map((a) => {
          const s = a.color ? COLOR_STYLE[a.color] : NO_GRADE;
          const [cx, cy] = centroid(a.polygon);
          return (
            // biome-ignore lint/a11y/noStaticElementInteractions: the area list beside the map offers the same action by keyboard
            <g
              key={a.key}
              data-testid="map-area"
              data-name={a.name}
              data-color={a.color ?? "none"}
              onClick={() => !drawingMode && onAreaClick?.(a.key)}
              style={{ cursor: onAreaClick && !drawingMode ? "pointer" : undefined }}
            >
              <polygon
                points={pts(a.polygon)}
                fill={s.bg}
                fillOpacity={a.selected ? 0.6 : 0.42}
                stroke={s.bg}
                strokeWidth={a.selected ? 3 : 2}
                vectorEffect="non-scaling-stroke"
              />
              <text
                x={cx * W}
                y={cy * H}
                textAnchor="middle"
                dominantBaseline="middle"
                fontSize={unit * 2.6}
                fontWeight={600}
                fill="#1f2937"
                stroke="#ffffff"
                strokeWidth={unit * 0.5}
                paintOrder="stroke"
                style={{ pointerEvents: "none" }}
              >
                {a.name}
              </text>
            </g>
          );
        })}
        {drawing && drawing.length > 0 && (
          <g data-testid="map-drawing">
            <polyline
              points={pts(hover ? [...drawing, hover] : drawing)}
              fill="rgba(22,119,255,0.15)"
              stroke="#1677ff"
              strokeWidth={2}
              strokeDasharray="6 4"
              vectorEffect="non-scaling-stroke"
            />
            {drawing.map(([x, y], i) => (
              <circle
                // biome-ignore lint/suspicious/noArrayIndexKey: points have no identity but their order
                key={i}
                data-testid={i === 0 ? "map-first-point" : "map-point"}
                cx={x * W}
                cy={y * H}
                r={i === 0 ? unit * 1.2 : unit * 0.8}
                fill={i === 0 ? "#1677ff" : "#ffffff"}
                stroke="#1677ff"
                strokeWidth={2}
                vectorEffect="non-scaling-stroke"
                style={{ cursor: i === 0 && drawing.length >= 3 ? "pointer" : "crosshair" }}
                onPointerUp={(e) => {
                  if (i === 0 && drawing.length >= 3) {
                    e.stopPropagation();
                    onClose?.();
                  }
                }}
              />
            ))}
          </g>
        )}
      </svg>
    </div>
  );
}
