/** A finger-drawn signature on the leader's phone, saved as a PNG through POST /api/files (optional for sign-in). */
import { App, Button, Modal, Space } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { uploadWithProgress } from "../../api/client";
import type { StoredFile } from "../../api/types";
import { errorMessage } from "../../lib/errors";

export function SignaturePad({ open, name, onClose, onSaved }: { open: boolean; name: string; onClose: () => void; onSaved: (sha256: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const drawing = useRef(false);
  const [empty, setEmpty] = useState(true);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    setEmpty(true);
    // The modal mounts its body after opening: size the canvas to its box once it is there.
    const timer = setTimeout(() => {
      const c = canvas.current;
      if (!c) return;
      const ratio = window.devicePixelRatio || 1;
      c.width = c.clientWidth * ratio;
      c.height = c.clientHeight * ratio;
      const ctx = c.getContext("2d");
      if (!ctx) return;
      ctx.scale(ratio, ratio);
      ctx.lineWidth = 2.5;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#111827";
    }, 50);
    return () => clearTimeout(timer);
  }, [open]);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const down = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    const p = point(e);
    ctx.beginPath();
    ctx.moveTo(p.x, p.y);
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    const p = point(e);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    setEmpty(false);
  };
  const up = () => {
    drawing.current = false;
  };
  const clear = () => {
    const c = canvas.current;
    c?.getContext("2d")?.clearRect(0, 0, c.width, c.height);
    setEmpty(true);
  };
  const save = async () => {
    const c = canvas.current;
    if (!c) return;
    setSaving(true);
    try {
      const blob = await new Promise<Blob | null>((resolve) => c.toBlob(resolve, "image/png"));
      if (!blob) throw new Error(t("briefings.signatureFailed"));
      const stored = await uploadWithProgress<StoredFile>("/api/files", new File([blob], "signature.png", { type: "image/png" }));
      onSaved(stored.sha256);
      onClose();
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t("briefings.signatureOf", { name })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={clear}>{t("briefings.signatureClear")}</Button>
          <Button onClick={onClose}>{t("briefings.signatureSkip")}</Button>
          <Button type="primary" disabled={empty} loading={saving} onClick={() => void save()} data-testid="signature-save">
            {t("common.save")}
          </Button>
        </Space>
      }
    >
      <canvas
        ref={canvas}
        className="signature-canvas"
        data-testid="signature-canvas"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        onPointerLeave={up}
      />
    </Modal>
  );
}
