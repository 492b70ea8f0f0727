/**
 * Every term of a GB 18218 grading: per chemical q, Q, q/Q, β and where β came from; then S, α (with the residents it
 * comes from), R = α·Σβq/Q and the grade. Used by the unit page and the form's live preview.
 */
import { Descriptions, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";
import type { Gb18218Result, Gb18218ResultItem } from "../../api/types";
import { formatNumber } from "../../lib/format";
import { GradeTag, fmt } from "./Tags";

interface Props {
  result: Gb18218Result;
  exposedPeople: number;
  /** The class given for each chemical (null = Table 1 default), to mark defaults. */
  givenClasses?: (string | null | undefined)[];
  size?: "small" | "middle";
  testId?: string;
  /** Narrow column (the form's preview): one result per line. */
  compact?: boolean;
}

export function GradingView({ result, exposedPeople, givenClasses, size = "small", testId = "grading", compact = false }: Props) {
  const { t } = useTranslation();
  const weightedSum = result.items.reduce((n, i) => n + i.beta * (i.quantity / i.threshold), 0);
  const all: ColumnsType<Gb18218ResultItem & { key: number }> = [
    {
      title: t("majorHazards.substanceName"),
      key: "name",
      render: (_: unknown, i) => (
        <div>
          <div>{i.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {i.table1No ? `${t("majorHazards.table1No")} ${i.table1No}` : t("majorHazards.unlisted")}
            {i.cas ? ` · ${i.cas}` : ""}
            {compact && i.hazardClass ? ` · ${i.hazardClass}` : ""}
          </Typography.Text>
          {compact && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                β: {i.betaSource === "table3" ? t("majorHazards.betaTable3") : t("majorHazards.betaClass", { cls: i.hazardClass ?? "" })}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      title: t("majorHazards.hazardClass"),
      key: "class",
      width: 110,
      render: (_: unknown, i) =>
        i.hazardClass ? (
          <span>
            <Tag variant="filled">{i.hazardClass}</Tag>
            {i.table1No !== null && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {givenClasses?.[i.key] ? t("majorHazards.overrideClass") : t("majorHazards.defaultClass")}
              </Typography.Text>
            )}
          </span>
        ) : (
          "—"
        ),
    },
    {
      title: compact ? "q (t)" : t("majorHazards.quantity"),
      key: "quantity",
      dataIndex: "quantity",
      align: "right",
      width: compact ? 70 : 120,
      render: (v: number) => fmt(v),
    },
    {
      title: compact ? "Q (t)" : t("majorHazards.threshold"),
      key: "threshold",
      dataIndex: "threshold",
      align: "right",
      width: compact ? 70 : 110,
      render: (v: number) => fmt(v),
    },
    {
      title: t("majorHazards.ratio"),
      key: "ratio",
      dataIndex: "ratio",
      align: "right",
      width: 90,
      render: (v: number) => <span data-testid="term-ratio">{fmt(v)}</span>,
    },
    {
      title: t("majorHazards.beta"),
      key: "beta",
      dataIndex: "beta",
      align: "right",
      width: 60,
      render: (v: number) => <span data-testid="term-beta">{fmt(v)}</span>,
    },
    {
      title: t("majorHazards.betaSource"),
      key: "betaSource",
      width: 130,
      render: (_: unknown, i) => (i.betaSource === "table3" ? t("majorHazards.betaTable3") : t("majorHazards.betaClass", { cls: i.hazardClass ?? "" })),
    },
    { title: t("majorHazards.weighted"), key: "weighted", align: "right", width: 90, render: (_: unknown, i) => fmt(i.beta * (i.quantity / i.threshold)) },
  ];
  // The preview's narrow column: class and β source go under the name.
  const columns = compact
    ? all.filter((c) => c.key !== "class" && c.key !== "betaSource").map((c) => ({ ...c, width: c.key === "name" ? undefined : 64 }))
    : all;
  const at = (key: string) => columns.findIndex((c) => (c.key ?? (c as { dataIndex?: string }).dataIndex) === key);
  return (
    <div data-testid={testId}>
      <Table
        size={size}
        rowKey="key"
        pagination={false}
        scroll={compact ? undefined : { x: "max-content" }}
        columns={columns}
        dataSource={result.items.map((i, key) => ({ ...i, key }))}
        data-testid={`${testId}-terms`}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={at("ratio")}>
              <Typography.Text strong>Σ</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={at("ratio")} align="right">
              <Typography.Text strong>{fmt(result.sum)}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={at("ratio") + 1} colSpan={at("weighted") - at("ratio") - 1} />
            <Table.Summary.Cell index={at("weighted")} align="right">
              <Typography.Text strong>{fmt(weightedSum)}</Typography.Text>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      <Descriptions size="small" bordered column={compact ? 1 : { xs: 1, md: 2, xxl: 4 }} style={{ marginTop: 12 }} data-testid={`${testId}-result`}>
        <Descriptions.Item label={t("majorHazards.sumLabel")}>
          <span data-testid={`${testId}-s`}>{fmt(result.sum)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("majorHazards.alpha")}>
          <span data-testid={`${testId}-alpha`}>{fmt(result.alpha)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
            {t("majorHazards.alphaNote", { n: formatNumber(exposedPeople) })}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t("majorHazards.rFormula")}>
          <span data-testid={`${testId}-r`}>{result.isMajor ? fmt(result.r) : "—"}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("majorHazards.grade")}>
          <GradeTag grade={result.grade} isMajor={result.isMajor} />
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
        {result.isMajor ? t("majorHazards.isMajor") : t("majorHazards.notMajorHint")} · {result.version}
      </Typography.Paragraph>
    </div>
  );
}
