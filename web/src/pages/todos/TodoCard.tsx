import { RightOutlined } from "@ant-design/icons";
import { Button, Card, Col, Row, Statistic } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useTodos } from "../hazards/queries";
import { TODO_KINDS, TodoList, todoCounts, todoKindLabel } from "./TodoList";

const COLORS: Record<string, string> = { hazard: "#1677ff", escalation: "#cf1322", inspection: "#13a8a8", notification: "#fa8c16" };

/** The dashboard's 我的待办 card: counts by kind and the first few items. */
export function TodoCard() {
  const { t } = useTranslation();
  const todos = useTodos();
  const counts = todoCounts(todos.data?.items, todos.data?.counts);
  return (
    <Card
      title={t("todos.dashboard")}
      data-testid="dashboard-todos"
      extra={
        <Link to="/todos">
          <Button type="link" icon={<RightOutlined />} iconPlacement="end">
            {t("todos.viewAll")}
          </Button>
        </Link>
      }
    >
      <Row gutter={[12, 12]} style={{ marginBottom: 8 }}>
        {TODO_KINDS.map((k) => (
          <Col xs={12} md={6} key={k}>
            <Link to={`/todos?kind=${k}`} data-testid={`todo-count-${k}`}>
              <Statistic title={todoKindLabel(t, k)} value={counts[k] ?? 0} styles={{ content: { color: counts[k] ? COLORS[k] : undefined } }} />
            </Link>
          </Col>
        ))}
      </Row>
      <TodoList limit={5} />
    </Card>
  );
}
