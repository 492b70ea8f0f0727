import { CameraOutlined, PictureOutlined, VideoCameraOutlined } from "@ant-design/icons";
import { Empty, Image, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Evidence } from "../../api/types";
import { fileUrl } from "../../components/fileUpload";
import { formatDateTime } from "../../lib/format";
import { useHazardLabels } from "./labels";

const STAGES = ["report", "rectification", "acceptance"] as const;

/** A hazard's photos by stage (整改前 / 整改后 / 验收), each with when it was taken and received and by whom. */
export function EvidenceGallery({ evidence }: { evidence: Evidence[] }) {
  const { t } = useTranslation();
  const hl = useHazardLabels();
  if (!evidence.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("hazards.noPhotos")} />;
  const stages = [...STAGES, ...new Set(evidence.map((e) => e.stage ?? "report").filter((s) => !STAGES.includes(s as never)))];
  return (
    <div data-testid="hazard-evidence">
      {stages.map((stage) => {
        const items = evidence.filter((e) => (e.stage ?? "report") === stage);
        if (!items.length) return null;
        return (
          <div key={stage} className="evidence-stage" data-testid={`evidence-stage-${stage}`}>
            <Typography.Text strong>
              {hl.stage(stage)} <Typography.Text type="secondary">({items.length})</Typography.Text>
            </Typography.Text>
            <Image.PreviewGroup>
              <div className="evidence-cards">
                {items.map((e) => (
                  <div key={e.id} className="evidence-card" data-testid="evidence-card">
                    {e.mime?.startsWith("video/") ? (
                      <a href={fileUrl(e.fileSha256)} target="_blank" rel="noreferrer" className="evidence-card-video">
                        <VideoCameraOutlined />
                      </a>
                    ) : (
                      <Image
                        src={fileUrl(e.fileSha256, e.hasThumbnail)}
                        preview={{ src: fileUrl(e.fileSha256) }}
                        width={160}
                        height={120}
                        style={{ objectFit: "cover" }}
                        alt=""
                      />
                    )}
                    <div className="evidence-meta">
                      <div>
                        {t("hazards.takenAt")}：
                        {e.takenAt ? formatDateTime(e.takenAt) : <Typography.Text type="warning">{t("hazards.noTakenAt")}</Typography.Text>}
                      </div>
                      {!e.takenAt && e.clientTakenAt && (
                        // No EXIF time: the phone's clock when the photo was taken in the app, as reported by the phone.
                        <div>
                          {t("hazards.clientTakenAt")}：{formatDateTime(e.clientTakenAt)}
                        </div>
                      )}
                      <div>
                        {t("hazards.receivedAt")}：{formatDateTime(e.receivedAt)}
                      </div>
                      <div>
                        {t("hazards.uploader")}：{e.uploadedByName || "—"}
                      </div>
                      <div>
                        {e.capture === "gallery" ? (
                          <Tag color="orange" icon={<PictureOutlined />} data-testid="evidence-gallery-flag">
                            {t("hazards.photo.fromGallery")}
                          </Tag>
                        ) : e.capture === "camera" ? (
                          <Tag color="green" icon={<CameraOutlined />}>
                            {t("hazards.photo.fromCamera")}
                          </Tag>
                        ) : null}
                      </div>
                    </div>
                  </div>
                ))}
              </div>
            </Image.PreviewGroup>
          </div>
        );
      })}
    </div>
  );
}
