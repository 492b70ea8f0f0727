/** One pre-shift briefing: topic, content, risks, permits, attendees with sign-in times, the check-in photo; late sign-in. */
import { CheckCircleFilled, UserAddOutlined } from "@ant-design/icons";
import { Alert, App, Button, Descriptions, Drawer, Image, List, Skeleton, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { fileUrl } from "../../components/fileUpload";
import { errorMessage } from "../../lib/errors";
import { formatDateTime, todayShanghai } from "../../lib/format";
import { useIsMobile } from "../../lib/useIsMobile";
import { useBriefing, useBriefingPrefill, useLateSignIn } from "./queries";

export function BriefingDrawer({ id, canSign, onClose }: { id: string | null; canSign: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const b = useBriefing(id ?? undefined);
  const d = b.data;
  const sameDay = !!d && d.day === todayShanghai();
  const prefill = useBriefingPrefill(canSign && sameDay ? d?.teamId : undefined);
  const late = useLateSignIn(id ?? "");
  const signed = new Set((d?.attendees ?? []).map((a) => a.personId));
  const missing = (prefill.data?.members ?? []).filter((m) => !signed.has(m.personId));
  const photoSha = d?.photo?.fileSha256 ?? d?.photo?.sha256;

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={mobile ? "100%" : 560}
      title={d ? `${d.teamName} · ${d.day}` : t("briefings.detail")}
      data-testid="briefing-drawer"
    >
      {b.isPending && <Skeleton active />}
      {b.error ? <Alert type="error" showIcon title={errorMessage(b.error, t)} /> : null}
      {d && (
        <>
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t("briefings.topic")}>
              <span data-testid="briefing-topic">{d.topic}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("briefings.leader")}>{d.leaderName}</Descriptions.Item>
            <Descriptions.Item label={t("briefings.heldAt")}>{formatDateTime(d.heldAt)}</Descriptions.Item>
            {d.content ? (
              <Descriptions.Item label={t("briefings.content")}>
                <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{d.content}</Typography.Paragraph>
              </Descriptions.Item>
            ) : null}
            {d.risks ? (
              <Descriptions.Item label={t("briefings.risks")}>
                <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{d.risks}</Typography.Paragraph>
              </Descriptions.Item>
            ) : null}
            {d.permits?.length ? (
              <Descriptions.Item label={t("briefings.permits")}>
                <Space orientation="vertical" size={2}>
                  {d.permits.map((p) => (
                    <span key={p.id}>
                      {p.code} {p.typeName}
                      {p.gradeName ? `（${p.gradeName}）` : ""} {p.place}
                    </span>
                  ))}
                </Space>
              </Descriptions.Item>
            ) : null}
            {d.lessons ? (
              <Descriptions.Item label={t("briefings.lessons")}>
                <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{d.lessons}</Typography.Paragraph>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <Typography.Title level={5}>
            {t("briefings.attendees")}{" "}
            <Typography.Text type="secondary" data-testid="briefing-attendance">
              {d.attendees.length}/{d.memberCount}
            </Typography.Text>
          </Typography.Title>
          <List
            size="small"
            data-testid="briefing-attendees"
            dataSource={d.attendees}
            renderItem={(a) => (
              <List.Item extra={<Typography.Text type="secondary">{formatDateTime(a.signedAt)}</Typography.Text>}>
                <Space>
                  <CheckCircleFilled style={{ color: "#52c41a" }} />
                  {a.name}
                  {a.signatureSha256 && (
                    <img
                      src={fileUrl(a.signatureSha256)}
                      alt=""
                      style={{ height: 24, background: "#fafafa" }}
                      onError={(e) => {
                        e.currentTarget.style.display = "none";
                      }}
                    />
                  )}
                </Space>
              </List.Item>
            )}
          />
          {canSign && sameDay && missing.length > 0 && (
            <div style={{ marginTop: 12 }}>
              <Typography.Text type="secondary">{t("briefings.lateSignIn")}</Typography.Text>
              <div className="m-chip-row" style={{ marginTop: 8 }}>
                {missing.map((m) => (
                  <Button
                    key={m.personId}
                    icon={<UserAddOutlined />}
                    loading={late.isPending && late.variables?.personId === m.personId}
                    onClick={() =>
                      late.mutateAsync({ personId: m.personId }).then(
                        () => message.success(t("briefings.signedIn", { name: m.name })),
                        (e) => message.error(errorMessage(e, t)),
                      )
                    }
                  >
                    {m.name}
                  </Button>
                ))}
              </div>
            </div>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t("briefings.photo")}
          </Typography.Title>
          {photoSha ? (
            <Space align="start" wrap>
              <Image
                src={fileUrl(photoSha, d.photo?.hasThumbnail ?? true)}
                preview={{ src: fileUrl(photoSha) }}
                width={160}
                alt=""
                data-testid="briefing-photo"
              />
              <div style={{ fontSize: 12, color: "#6b7280" }}>
                {d.photo?.receivedAt && <div>{t("briefings.photoReceived", { at: formatDateTime(d.photo.receivedAt) })}</div>}
                {(d.photo?.uploadedByName ?? d.photo?.uploader) && <div>{t("briefings.photoBy", { name: d.photo?.uploadedByName ?? d.photo?.uploader })}</div>}
                <div style={{ fontFamily: "monospace", wordBreak: "break-all" }}>SHA-256 {photoSha.slice(0, 16)}…</div>
                {(d.photo?.flag ?? d.photoFlag) && <Tag color="orange">{d.photo?.flag ?? d.photoFlag}</Tag>}
              </div>
            </Space>
          ) : (
            <Typography.Text type="secondary">{t("common.none")}</Typography.Text>
          )}
        </>
      )}
    </Drawer>
  );
}
