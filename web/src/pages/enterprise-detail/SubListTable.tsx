import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Popconfirm, Space, Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useSubList } from "../../api/queries";
import { errorMessage } from "../../lib/errors";
import { useIsMobile } from "../../lib/useIsMobile";
import { type SubCollection, useSubMutations } from "./useSubMutations";

/** One sub-collection of an enterprise's file: the list query plus create / update / delete. */
export function useSubCollection<TInput, TItem extends { id: string }>(enterpriseId: string, what: SubCollection) {
  const list = useSubList<TItem>(enterpriseId, what);
  return { list, ...useSubMutations<TInput, TItem>(enterpriseId, what) };
}

type Collection<TItem extends { id: string }> = ReturnType<typeof useSubCollection<unknown, TItem>>;

interface Props<TItem extends { id: string }> {
  /** From useSubCollection: the table shows `list`, the delete button calls `remove`. */
  collection: Pick<Collection<TItem>, "list" | "remove">;
  /** The columns that differ between tabs; the actions column is added here. */
  columns: ColumnsType<TItem>;
  /** Whether the user may change the collection (the enterprise's `abilities.manage…`). */
  canManage: boolean;
  /** The "新增…" button above the table. */
  add?: { label: string; testId: string; onClick: () => void };
  /** Anything else above the table (e.g. the attachment upload). */
  toolbar?: ReactNode;
  /** Row edit; without it the actions column only deletes. */
  onEdit?: (row: TItem) => void;
  "data-testid": string;
}

/**
 * The table of an enterprise's licences, contacts or attachments: error banner, toolbar, the rows and, for users who
 * may change them, an actions column (edit, delete after confirmation) that stays visible when the table scrolls.
 */
export function SubListTable<TItem extends { id: string }>({ collection, columns, canManage, add, toolbar, onEdit, ...rest }: Props<TItem>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { list, remove } = collection;
  // Phones: icon-only buttons, so the pinned actions column leaves room for the data.
  const compact = useIsMobile();

  const del = (row: TItem) =>
    remove.mutateAsync(row.id).then(
      () => void message.success(t("common.deleted")),
      (err: unknown) => void message.error(errorMessage(err, t)),
    );

  const actions: ColumnsType<TItem> = canManage
    ? [
        {
          title: t("common.actions"),
          key: "actions",
          fixed: "right",
          width: compact ? (onEdit ? 84 : 48) : onEdit ? 160 : 90,
          render: (_, row) => (
            <Space size={compact ? 4 : 8}>
              {onEdit && (
                <Button size="small" icon={<EditOutlined />} aria-label={t("common.edit")} onClick={() => onEdit(row)}>
                  {!compact && t("common.edit")}
                </Button>
              )}
              <Popconfirm title={t("common.deleteConfirm")} okText={t("common.delete")} okButtonProps={{ danger: true }} onConfirm={() => del(row)}>
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={t("common.delete")}>
                  {!compact && t("common.delete")}
                </Button>
              </Popconfirm>
            </Space>
          ),
        },
      ]
    : [];

  return (
    <>
      {canManage && (add || toolbar) && (
        <Space wrap align="start" style={{ marginBottom: 12 }}>
          {add && (
            <Button type="primary" icon={<PlusOutlined />} onClick={add.onClick} data-testid={add.testId}>
              {add.label}
            </Button>
          )}
          {toolbar}
        </Space>
      )}
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 12 }} />}
      <Table<TItem>
        data-testid={rest["data-testid"]}
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: "max-content" }}
        columns={[...columns, ...actions]}
      />
    </>
  );
}
