/**
 * 今日高风险作业 (/permits/high-risk): for the regulator's jurisdiction, today's counts of 特级/一级动火, 受限空间,
 * Ⅳ级高处 and 一级吊装 as big numbers, a table per region, and the drill-down: a count → the permits behind it → one
 * permit. Region, day and the chosen count live in the URL.
 */
import { ReloadOutlined } from "@ant-design/icons";
import type { PermitStatus } from "@anguan/domain";
import { Alert, Button, Card, Col, DatePicker, Row, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { PageHeader } from "../../components/PageHeader";
import { RegionTreeSelect } from "../../components/RegionTreeSelect";
import { errorMessage } from "../../lib/errors";
import { dayjs, formatNumber } from "../../lib/format";
import { useUrlListParams } from "../../lib/useUrlListParams";
import { formatWindow, PermitGradeTag, PermitStatusTag, usePermitLabels } from "./labels";
import { useHighRiskWork } from "./queries";
import type { HighRiskCategory, HighRiskCounts, HighRiskWork, PermitSummary } from "./types";
import "./permits.css";

const CATEGORIES: HighRiskCategory[] = ["hot_special", "hot_1", "confined_space", "height_4", "lifting_1"];
const COLORS: Record<HighRiskCategory | "total", string> = {
  hot_special: "#a8071a",
  hot_1: "#d4380d",
  confined_space: "#531dab",
  height_4: "#c41d7f",
  lifting_1: "#0958d9",
  total: "#1f2937",
};

const KEYS = ["regionCode", "day", "cat", "drillRegion"] as const;

export default function HighRiskWorkPage() {
  const { t } = useTranslation();
  const pl = usePermitLabels();
  const navigate = useNavigate();
  const { filters, update } = useUrlListParams(KEYS);
  const cat = filters.cat as HighRiskCategory | "total" | undefined;
  const q = useHighRiskWork({ regionCode: filters.regionCode, day: filters.day });
  const drillFilter = cat && cat !== "total" ? { category: cat } : {};
  const drilling = !!cat || !!filters.drillRegion;
  const drill = useHighRiskWork({ regionCode: filters.drillRegion ?? filters.regionCode, day: filters.day, ...drillFilter });
  const data: HighRiskWork | undefined = q.data;
  const counts = data?.counts;
  const label = (c: HighRiskCategory | "total") => t(`permits.highRiskCats.${c}`);

  const choose = (c: HighRiskCategory | "total", region?: string) => update({ cat: c, drillRegion: region });

  const regionCols: ColumnsType<{ code: string; name: string; counts: HighRiskCounts }> = [
    { title: t("permits.region"), dataIndex: "name", fixed: "left", width: 140 },
    ...[...CATEGORIES, "total" as const].map((c) => ({
      title: label(c),
      key: c,
      align: "right" as const,
      width: 110,
      render: (_: unknown, r: { code: string; counts: HighRiskCounts }) =>
        r.counts[c] ? (
          <Button type="link" size="small" onClick={() => choose(c, r.code)} data-testid={`region-${r.code}-${c}`}>
            {formatNumber(r.counts[c])}
          </Button>
        ) : (
          <span className="permit-muted">0</span>
        ),
    })),
  ];

  const itemCols: ColumnsType<PermitSummary> = [
    {
      title: t("permits.code"),
      key: "code",
      render: (_: unknown, p) => (
        <Link to={`/permits/${p.id}`} onClick={(e) => e.stopPropagation()} data-testid="high-risk-link">
          {p.code}
        </Link>
      ),
    },
    { title: t("permits.enterprise"), dataIndex: "enterpriseName", ellipsis: true, width: 220 },
    { title: t("permits.type"), key: "type", render: (_: unknown, p) => pl.type(p.type), width: 120 },
    { title: t("permits.grade"), key: "grade", render: (_: unknown, p) => <PermitGradeTag grade={p.grade} type={p.type} />, width: 90 },
    { title: t("permits.status"), dataIndex: "status", render: (s: PermitStatus) => <PermitStatusTag status={s} />, width: 120 },
    { title: t("permits.place"), dataIndex: "place", ellipsis: true, width: 180 },
    {
      title: t("permits.window"),
      key: "window",
      width: 230,
      render: (_: unknown, p) => formatWindow(p.plannedStart, p.plannedEnd),
    },
    { title: t("permits.watchman"), dataIndex: "watchmanName", width: 90 },
  ];

  const drillTitle = drilling
    ? [cat ? label(cat) : label("total"), filters.drillRegion ? data?.regions.find((r) => r.code === filters.drillRegion)?.name : undefined]
        .filter(Boolean)
        .join(" · ")
    : t("permits.highRiskPage.allItems");
  const items = (drilling ? drill.data?.items : data?.items) ?? [];

  return (
    <>
      <PageHeader
        title={t("permits.highRisk")}
        sub={data ? t("permits.highRiskPage.subtitle", { day: data.day }) : t("permits.highRiskPage.subtitleLoading")}
        extra={
          <Space wrap>
            <RegionTreeSelect
              data-testid="high-risk-region"
              style={{ width: 220 }}
              placeholder={t("permits.region")}
              value={filters.regionCode}
              onChange={(v) => update({ regionCode: v, drillRegion: undefined })}
            />
            <DatePicker
              data-testid="high-risk-day"
              allowClear
              placeholder={t("permits.highRiskPage.today")}
              value={filters.day ? dayjs(filters.day) : null}
              onChange={(d) => update({ day: d ? d.format("YYYY-MM-DD") : undefined })}
            />
            <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching} aria-label={t("common.refresh")} />
          </Space>
        }
      />
      {q.error && <Alert type="error" showIcon title={errorMessage(q.error, t)} style={{ marginBottom: 16 }} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="high-risk-counts">
        {[...CATEGORIES, "total" as const].map((c) => (
          <Col key={c} xs={12} sm={8} xl={4}>
            <button
              type="button"
              className={`permit-big-number${cat === c ? " permit-big-number-active" : ""}`}
              onClick={() => choose(c)}
              data-testid={`count-${c}`}
              data-count={counts?.[c] ?? 0}
            >
              <div className="permit-big-number-value" style={{ color: COLORS[c] }}>
                {counts ? formatNumber(counts[c] ?? 0) : "—"}
              </div>
              <div className="permit-big-number-label">{label(c)}</div>
            </button>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card size="small" title={t("permits.highRiskPage.byRegion")}>
            <Table
              data-testid="high-risk-regions"
              rowKey="code"
              size="small"
              pagination={false}
              columns={regionCols}
              dataSource={data?.regions ?? []}
              loading={q.isFetching}
              scroll={{ x: "max-content" }}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card
            size="small"
            title={
              <span data-testid="drill-title">
                {drillTitle} <Typography.Text type="secondary">({formatNumber(items.length)})</Typography.Text>
              </span>
            }
            extra={
              drilling && (
                <Button size="small" onClick={() => update({ cat: undefined, drillRegion: undefined })}>
                  {t("permits.highRiskPage.clear")}
                </Button>
              )
            }
          >
            <Table
              data-testid="high-risk-items"
              rowKey="id"
              size="small"
              columns={itemCols}
              dataSource={items}
              loading={drilling ? drill.isFetching : q.isFetching}
              scroll={{ x: "max-content" }}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              locale={{ emptyText: t("permits.highRiskPage.none") }}
              onRow={(p) => ({ onClick: () => navigate(`/permits/${p.id}`), style: { cursor: "pointer" } })}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
