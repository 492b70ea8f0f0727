/** The three confirmation slots (企业主要负责人 / 乡镇安监 / 第三方专家): who confirmed and when, or a button for the party. */
import { CheckCircleFilled, ClockCircleOutlined } from "@ant-design/icons";
import { CHECKLIST_PARTIES } from "@anguan/domain";
import { App, Button, type ButtonProps, Card, Col, Input, Modal, Row, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ChecklistParty, EnterpriseChecklist } from "../../api/types";
import { pick, useLabels } from "../../i18n/labels";
import { errorMessage } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useChecklistWrites } from "./api";
import { PARTIES } from "./ChecklistStatusTag";

export function ConfirmationSlots({ list }: { list: EnterpriseChecklist }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const writes = useChecklistWrites(list.enterpriseId);
  const [confirming, setConfirming] = useState<ChecklistParty | null>(null);
  const [comment, setComment] = useState("");

  const doConfirm = async () => {
    try {
      await writes.confirm.mutateAsync({ id: list.id, comment: comment.trim(), expectedVersion: list.version });
      message.success(t("checklists.confirmed"));
      setConfirming(null);
      setComment("");
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  };

  return (
    <>
      <Row gutter={[12, 12]} data-testid="confirmation-slots">
        {PARTIES.map((p) => {
          const c = list.confirmations?.[p];
          const mine = list.myParty === p;
          return (
            <Col key={p} xs={24} md={8}>
              <Card
                size="small"
                data-testid={`slot-${p}`}
                data-confirmed={c ? "1" : "0"}
                style={{
                  height: "100%",
                  borderColor: c ? "#b7eb8f" : mine && list.abilities.confirm ? "#91caff" : undefined,
                  background: c ? "#f6ffed" : undefined,
                }}
              >
                <Space orientation="vertical" size={4} style={{ width: "100%" }}>
                  <Typography.Text strong>{pick(CHECKLIST_PARTIES[p], labels.lang)}</Typography.Text>
                  {c ? (
                    <>
                      <span>
                        <CheckCircleFilled style={{ color: "#52c41a" }} /> {t("checklists.confirmedBy", { name: c.userName })}
                      </span>
                      <Typography.Text type="secondary">{formatDateTime(c.at)}</Typography.Text>
                      {c.comment && <Typography.Text type="secondary">“{c.comment}”</Typography.Text>}
                    </>
                  ) : (
                    <>
                      <Typography.Text type="secondary">
                        <ClockCircleOutlined /> {list.status === "draft" ? t("checklists.notSubmitted") : t("checklists.waiting")}
                      </Typography.Text>
                      {mine && list.abilities.confirm && (
                        <Button type="primary" size="small" onClick={() => setConfirming(p)} data-testid="checklist-confirm">
                          {t("checklists.confirm")}
                        </Button>
                      )}
                    </>
                  )}
                </Space>
              </Card>
            </Col>
          );
        })}
      </Row>
      <Modal
        open={!!confirming}
        title={t("checklists.confirmTitle", { party: confirming ? pick(CHECKLIST_PARTIES[confirming], labels.lang) : "" })}
        onCancel={() => setConfirming(null)}
        onOk={() => void doConfirm()}
        okText={t("checklists.confirm")}
        confirmLoading={writes.confirm.isPending}
        okButtonProps={{ "data-testid": "checklist-confirm-ok" } as ButtonProps}
        destroyOnHidden
      >
        <Typography.Paragraph>{t("checklists.confirmText", { name: list.name, n: list.version, count: list.itemCount })}</Typography.Paragraph>
        <Input.TextArea
          rows={2}
          maxLength={500}
          placeholder={t("checklists.commentPlaceholder")}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </Modal>
    </>
  );
}
