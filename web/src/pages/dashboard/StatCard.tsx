import { Card, Statistic } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { formatNumber } from "../../lib/format";

/** A dashboard number with its icon; a link when `to` is given. */
export function StatCard({
  title,
  value,
  icon,
  color,
  to,
  testId,
}: {
  title: string;
  value?: number;
  icon: ReactNode;
  color: string;
  to?: string;
  testId: string;
}) {
  const body = (
    <Card hoverable={!!to} data-testid={testId} style={{ height: "100%" }}>
      <Statistic
        title={title}
        value={value ?? 0}
        formatter={(v) => formatNumber(Number(v))}
        prefix={<span style={{ color, marginInlineEnd: 4 }}>{icon}</span>}
      />
    </Card>
  );
  return to ? <Link to={to}>{body}</Link> : body;
}
