import { AlertOutlined, BellOutlined, FileSearchOutlined, QrcodeOutlined, RightOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Empty, List, Skeleton, Space, Tag, Typography } from "antd";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client";
import type { TodoItem } from "../../api/types";
import { errorMessage } from "../../lib/errors";
import { formatDate, formatDateTime, formatDeadline } from "../../lib/format";
import { tDynamic } from "../../lib/i18nKeys";
import { LevelTag, OverdueTag, StatusTag } from "../hazards/HazardTags";
import { hazardKeys, useTodos } from "../hazards/queries";

/** Where a to-do leads: the hazard, or the unit's scan page for a due inspection. */
export function todoLink(item: TodoItem, mobile = false): string | null {
  if (item.qrToken) return `/m/u/${encodeURIComponent(item.qrToken)}`;
  const hazard = item.hazardId ?? (item.targetType === "hazard" ? item.targetId : null);
  if (hazard) return `${mobile ? "/m" : ""}/hazards/${hazard}`;
  // Other notices carry the server's link (alarms, permits, people, briefings, duties); a permit opens on the phone too.
  if (item.link) return mobile && item.link.startsWith("/permits/") ? `/m${item.link}` : item.link;
  return null;
}

export const TODO_KINDS = ["hazard", "escalation", "inspection", "notification"] as const;

/** The server's kinds (confirm, rectify, accept, approve_extension, sign_off, notification, inspection) in four groups. */
export function kindOf(item: TodoItem): string {
  if (item.kind === "inspection") return "inspection";
  if (item.kind === "notification") return item.notificationKind === "escalation" ? "escalation" : "notification";
  return "hazard";
}

const ICONS: Record<string, ReactNode> = {
  hazard: <FileSearchOutlined style={{ color: "#1677ff" }} />,
  escalation: <AlertOutlined style={{ color: "#cf1322" }} />,
  inspection: <QrcodeOutlined style={{ color: "#13a8a8" }} />,
  notification: <BellOutlined style={{ color: "#fa8c16" }} />,
};

export function todoKindLabel(t: TFunction, kind: string): string {
  return tDynamic(t, `todos.kinds.${kind}`, kind);
}

/** 我的待办 as a list; `filter` keeps one kind; `compact` is the phone layout. */
export function TodoList({ filter, compact, limit }: { filter?: string; compact?: boolean; limit?: number }) {
  const { t } = useTranslation();
  const todos = useTodos();
  const qc = useQueryClient();
  if (todos.isPending) return <Skeleton active />;
  if (todos.error) return <Alert type="error" showIcon title={errorMessage(todos.error, t)} />;
  let items = todos.data.items.filter((i) => !filter || kindOf(i) === filter);
  if (limit) items = items.slice(0, limit);
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("todos.empty")} />;
  return (
    <List
      data-testid="todo-list"
      itemLayout="horizontal"
      dataSource={items}
      renderItem={(item) => {
        const to = todoLink(item, compact);
        const kind = kindOf(item);
        const body = (
          <List.Item
            data-testid="todo-item"
            data-kind={item.kind}
            className={compact ? "todo-item-compact" : undefined}
            extra={to ? <RightOutlined style={{ color: "#9ca3af" }} /> : undefined}
          >
            <List.Item.Meta
              avatar={<span style={{ fontSize: 20 }}>{ICONS[kind]}</span>}
              title={
                <Space size={[6, 2]} wrap>
                  <Typography.Text strong>{item.title}</Typography.Text>
                  {item.level && <LevelTag level={item.level} />}
                  {item.status && <StatusTag status={item.status} />}
                  {item.overdue && <OverdueTag />}
                </Space>
              }
              description={
                <Space size={[12, 2]} wrap style={{ fontSize: 12 }}>
                  <Tag bordered={false}>{todoKindLabel(t, kind)}</Tag>
                  {item.hazardCode && <span style={{ fontFamily: "monospace" }}>{item.hazardCode}</span>}
                  {item.enterpriseName && <span>{item.enterpriseName}</span>}
                  {item.deadline && (
                    <span style={item.overdue ? { color: "#cf1322" } : undefined}>
                      {t("hazards.deadline")}：{formatDate(item.deadline)}
                    </span>
                  )}
                  {item.dueTo ? <span>{t("todos.dueBy", { at: formatDeadline(item.dueTo) })}</span> : item.at && <span>{formatDateTime(item.at)}</span>}
                </Space>
              }
            />
          </List.Item>
        );
        const read = () => {
          if (item.kind === "notification")
            void api.post(`/api/notifications/${encodeURIComponent(item.id)}/read`).then(() => qc.invalidateQueries({ queryKey: hazardKeys.todos }));
        };
        return to ? (
          <Link to={to} style={{ display: "block", color: "inherit" }} onClick={read}>
            {body}
          </Link>
        ) : (
          body
        );
      }}
    />
  );
}

/** Counts per kind, from the server's `counts` or from the items. */
export function todoCounts(items: TodoItem[] | undefined, counts?: Record<string, number>): Record<string, number> & { total: number } {
  const out: Record<string, number> = { hazard: 0, escalation: 0, inspection: 0, notification: 0 };
  for (const i of items ?? []) out[kindOf(i)] = (out[kindOf(i)] ?? 0) + 1;
  const total = counts?.total ?? (items ?? []).length;
  if (counts?.notification !== undefined) out.notification = Math.max(0, counts.notification - (out.escalation ?? 0));
  return { ...out, total };
}
