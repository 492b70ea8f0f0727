/**
 * Key-node evidence (关键节点影像) of a permit: site cleared before, protective measures, watchman present, site
 * cleared after. Each photo is taken live with the phone's camera (EvidenceUpload, capture input, no gallery),
 * uploaded to POST /api/evidence and cited on the permit; each shows the server's receipt time, the uploader, the
 * start of its SHA-256 and any flag (not taken live, taken long before upload).
 */
import { EVIDENCE_NODE_CODES, type EvidenceNode } from "@anguan/domain";
import { CameraOutlined, VideoCameraOutlined, WarningOutlined } from "@ant-design/icons";
import { App, Image, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Evidence } from "../../api/types";
import { EvidenceUpload } from "../../components/EvidenceUpload";
import { fileUrl } from "../../components/fileUpload";
import { errorMessage } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { usePermitLabels } from "./labels";
import { refusalMessages, usePermitWrite } from "./queries";
import type { PermitDetail, PermitEvidence } from "./types";

export function EvidenceItem({ e }: { e: PermitEvidence }) {
  const { t } = useTranslation();
  return (
    <div className="permit-evidence-item" data-testid="permit-evidence-item" data-node={e.node} data-flag={e.flag ?? ""}>
      {e.mime?.startsWith("video/") ? (
        <a href={fileUrl(e.fileSha256)} target="_blank" rel="noreferrer" className="permit-evidence-video">
          <VideoCameraOutlined />
        </a>
      ) : (
        <Image src={fileUrl(e.fileSha256)} width={88} height={88} style={{ objectFit: "cover", borderRadius: 6 }} alt="" />
      )}
      <div className="permit-evidence-meta">
        {e.measureNo ? <div>{t("permits.evidence.measureNo", { no: e.measureNo })}</div> : null}
        <div>
          {t("permits.evidence.receivedAt")}：{formatDateTime(e.receivedAt)}
        </div>
        {e.takenAt && (
          <div>
            {t("permits.evidence.takenAt")}：{formatDateTime(e.takenAt)}
          </div>
        )}
        <div>
          {t("permits.evidence.uploader")}：{e.uploadedByName || "—"}
        </div>
        <div>
          SHA-256：
          <Typography.Text code data-testid="evidence-sha">
            {e.fileSha256.slice(0, 12)}…
          </Typography.Text>
        </div>
        <div>
          {e.capture === "camera" ? (
            <Tag color="green" icon={<CameraOutlined />}>
              {t("permits.evidence.live")}
            </Tag>
          ) : (
            <Tag color="orange">{t("permits.evidence.notLive")}</Tag>
          )}
          {e.flag && (
            <Tag color="warning" icon={<WarningOutlined />} data-testid="evidence-flag" style={{ whiteSpace: "normal" }}>
              {e.flag}
            </Tag>
          )}
        </div>
      </div>
    </div>
  );
}

export function PermitEvidenceSection({ p, large }: { p: PermitDetail; large?: boolean }) {
  const { t } = useTranslation();
  const pl = usePermitLabels();
  const { message } = App.useApp();
  const write = usePermitWrite(p.id);
  const [pending, setPending] = useState<Partial<Record<EvidenceNode, Evidence[]>>>({});

  /** New uploads of a node are cited on the permit at once, then leave the uploader (the permit lists them). */
  const cite = async (node: EvidenceNode, value: Evidence[]) => {
    const before = new Set((pending[node] ?? []).map((e) => e.id));
    setPending((s) => ({ ...s, [node]: value }));
    for (const ev of value.filter((e) => !before.has(e.id))) {
      try {
        await write.mutateAsync({ kind: "evidence", node, evidenceId: ev.id });
        message.success(t("permits.evidence.added", { node: pl.node(node) }));
      } catch (e) {
        message.error(refusalMessages(e).join("；") || errorMessage(e, t));
      } finally {
        setPending((s) => ({ ...s, [node]: (s[node] ?? []).filter((x) => x.id !== ev.id) }));
      }
    }
  };

  return (
    <div data-testid="permit-evidence">
      {EVIDENCE_NODE_CODES.map((node) => {
        const items = p.evidence.filter((e) => e.node === node);
        const canAdd = p.abilities.addEvidence;
        if (!items.length && !canAdd) return null;
        return (
          <div key={node} className="permit-node" data-testid={`node-${node}`} data-count={items.length}>
            <div className="permit-node-title">
              <b>{pl.node(node)}</b> <Typography.Text type="secondary">({items.length})</Typography.Text>
            </div>
            <Image.PreviewGroup>
              {items.map((e) => (
                <EvidenceItem key={e.id} e={e} />
              ))}
            </Image.PreviewGroup>
            {canAdd && (
              <EvidenceUpload
                data-testid={`evidence-${node}`}
                value={pending[node] ?? []}
                onChange={(v) => void cite(node, v)}
                enterpriseId={p.enterpriseId}
                allowGallery={false}
                large={large}
              />
            )}
          </div>
        );
      })}
      {!p.evidence.length && !p.abilities.addEvidence && <Typography.Text type="secondary">{t("permits.evidence.none")}</Typography.Text>}
    </div>
  );
}
