import { Badge, Card, Segmented } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { PageHeader } from "../../components/PageHeader";
import { useTodos } from "../hazards/queries";
import { TODO_KINDS, TodoList, todoCounts, todoKindLabel } from "./TodoList";

/** 我的待办: hazards waiting for me, escalations, inspections due, notices. The kind is kept in the URL. */
export default function TodosPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const todos = useTodos();
  const counts = todoCounts(todos.data?.items, todos.data?.counts);
  const kind = params.get("kind") ?? "";
  return (
    <>
      <PageHeader title={t("todos.title")} sub={t("todos.subtitle")} />
      <Card>
        <Segmented
          data-testid="todo-kinds"
          style={{ marginBottom: 12 }}
          value={kind}
          onChange={(v) => setParams(v ? { kind: String(v) } : {}, { replace: true })}
          options={[
            {
              value: "",
              label: (
                <Badge count={counts.total} size="small" offset={[8, -2]} showZero={false}>
                  {t("common.all")}
                </Badge>
              ),
            },
            ...TODO_KINDS.map((k) => ({
              value: k,
              label: (
                <Badge count={counts[k] ?? 0} size="small" offset={[8, -2]} showZero={false}>
                  {todoKindLabel(t, k)}
                </Badge>
              ),
            })),
          ]}
        />
        <TodoList filter={kind || undefined} />
      </Card>
    </>
  );
}
