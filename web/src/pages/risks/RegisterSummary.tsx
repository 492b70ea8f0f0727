/** Counts of the register: analysis units by grade (four colours), events, measures and units under shutdown. */
import { Card, Col, Row, Statistic } from "antd";
import { useTranslation } from "react-i18next";
import type { RiskObject } from "../../api/types";
import { COLOR_STYLE, GRADE_COLOR, GRADE_KEY, GRADES } from "./grade";
import { openShutdown } from "./RegisterTable";

export function RegisterSummary({ objects }: { objects: RiskObject[]; enterpriseId: string }) {
  const { t } = useTranslation();
  const units = objects.flatMap((o) => o.units ?? []);
  const events = units.flatMap((u) => u.events ?? []);
  const measures = events.reduce((n, e) => n + (e.measures?.length ?? 0), 0);
  const byGrade = (g: string) => units.filter((u) => u.riskGrade === g).length;
  const shut = units.filter((u) => openShutdown(u)).length;
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="risk-summary">
      {GRADES.map((g) => {
        const s = COLOR_STYLE[GRADE_COLOR(g)];
        return (
          <Col key={g} xs={12} sm={8} lg={4}>
            <Card size="small" styles={{ body: { borderInlineStart: `4px solid ${s.bg}`, borderRadius: 6 } }}>
              <Statistic title={t("risks.unitsOfGrade", { grade: t(`risks.grades.${GRADE_KEY[g]}`) })} value={byGrade(g)} />
            </Card>
          </Col>
        );
      })}
      <Col xs={12} sm={8} lg={4}>
        <Card size="small">
          <Statistic title={t("risks.eventsAndMeasures")} value={events.length} suffix={`/ ${measures}`} />
        </Card>
      </Col>
      <Col xs={12} sm={8} lg={4}>
        <Card size="small">
          <Statistic title={t("risks.unitsShutdown")} value={shut} suffix={`/ ${units.length}`} />
        </Card>
      </Col>
    </Row>
  );
}
