/**
 * Evidence photos (证据照片): taken with the phone's camera (`capture="environment"`) or, where allowed, picked from the
 * gallery; each file goes to POST /api/evidence at once with how it was captured, the phone's clock and position.
 * Used as a form control: value/onChange carry the uploaded Evidence records.
 */
import { CameraOutlined, CloseOutlined, LoadingOutlined, PictureOutlined, VideoCameraOutlined } from "@ant-design/icons";
import { App, Button, Image, Progress, Tag } from "antd";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, CSRF_COOKIE, CSRF_HEADER, handleFailure, readCookie } from "../api/client";
import type { Evidence } from "../api/types";
import { errorMessage } from "../lib/errors";
import { formatDateTime } from "../lib/format";
import "./EvidenceUpload.css";
import { fileUrl } from "./fileUpload";

export interface EvidenceFields {
  enterpriseId?: string;
  capture: "camera" | "gallery";
  clientTakenAt?: string;
  lat?: number;
  lng?: number;
}

/** POST /api/evidence (multipart: file + fields) with upload progress. */
export function uploadEvidence(file: File, fields: EvidenceFields, onProgress?: (percent: number) => void): Promise<Evidence> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/evidence");
    xhr.withCredentials = true;
    xhr.setRequestHeader("accept", "application/json");
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) xhr.setRequestHeader(CSRF_HEADER, csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = { message: xhr.responseText };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as Evidence);
      else reject(handleFailure(xhr.status, data));
    };
    xhr.onerror = () => reject(new ApiError(0, { code: "NETWORK_ERROR", message: "" }));
    const form = new FormData();
    // Fields before the file: a streaming multipart parser sees them first.
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== "") form.append(k, String(v));
    form.append("file", file, file.name || "photo.jpg");
    xhr.send(form);
  });
}

/** The phone's position when the user allows it (asked once per page); undefined otherwise. */
export function useGeolocation(enabled = true) {
  const pos = useRef<{ lat: number; lng: number } | undefined>(undefined);
  useEffect(() => {
    if (!enabled || !("geolocation" in navigator)) return;
    navigator.geolocation.getCurrentPosition(
      (p) => {
        pos.current = { lat: Number(p.coords.latitude.toFixed(6)), lng: Number(p.coords.longitude.toFixed(6)) };
      },
      () => undefined,
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  }, [enabled]);
  return pos;
}

interface Pending {
  key: string;
  name: string;
  percent: number;
}

interface Props {
  value?: Evidence[];
  onChange?: (value: Evidence[]) => void;
  enterpriseId?: string;
  /** Offer "from the gallery" besides the camera (flagged on the record). */
  allowGallery?: boolean;
  /** Phone layout: big touch targets. */
  large?: boolean;
  max?: number;
  /** Told when uploads start and finish (the form waits before submitting). */
  onBusy?: (busy: boolean) => void;
  "data-testid"?: string;
}

export function EvidenceUpload({ value = [], onChange, enterpriseId, allowGallery = true, large, max = 9, onBusy, ...rest }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [pending, setPending] = useState<Pending[]>([]);
  const latest = useRef(value);
  latest.current = value;
  const position = useGeolocation();
  const cameraId = useId();
  const galleryId = useId();
  const testId = rest["data-testid"] ?? "evidence";
  const busy = pending.length > 0;
  const onBusyRef = useRef(onBusy);
  onBusyRef.current = onBusy;
  const wasBusy = useRef(false);
  useEffect(() => {
    // Only changes are reported (several uploaders may share one counter).
    if (wasBusy.current !== busy) onBusyRef.current?.(busy);
    wasBusy.current = busy;
  }, [busy]);
  useEffect(
    () => () => {
      if (wasBusy.current) onBusyRef.current?.(false);
    },
    [],
  );

  const add = async (files: FileList | null, capture: "camera" | "gallery") => {
    if (!files?.length) return;
    const list = [...files].slice(0, Math.max(0, max - latest.current.length - pending.length));
    await Promise.all(
      list.map(async (file) => {
        const key = `${Date.now()}-${Math.random()}`;
        setPending((p) => [...p, { key, name: file.name, percent: 0 }]);
        try {
          const ev = await uploadEvidence(
            file,
            {
              enterpriseId,
              capture,
              clientTakenAt: capture === "camera" ? new Date().toISOString() : undefined,
              lat: position.current?.lat,
              lng: position.current?.lng,
            },
            (percent) => setPending((p) => p.map((x) => (x.key === key ? { ...x, percent } : x))),
          );
          latest.current = [...latest.current, ev];
          onChange?.(latest.current);
        } catch (e) {
          message.error(t("hazards.photo.uploadFailed", { name: file.name, reason: errorMessage(e, t) }));
        } finally {
          setPending((p) => p.filter((x) => x.key !== key));
        }
      }),
    );
  };

  const remove = (id: string) => {
    latest.current = latest.current.filter((e) => e.id !== id);
    onChange?.(latest.current);
  };

  const size = large ? 96 : 80;
  const full = value.length + pending.length >= max;
  return (
    <div data-testid={testId}>
      <div className="evidence-grid">
        {value.map((e) => (
          <div key={e.id} className="evidence-thumb" style={{ width: size, height: size }} data-testid="evidence-item">
            {e.mime?.startsWith("video/") ? (
              <div className="evidence-video">
                <VideoCameraOutlined />
              </div>
            ) : (
              <Image
                src={fileUrl(e.fileSha256, e.hasThumbnail)}
                preview={{ src: fileUrl(e.fileSha256) }}
                width={size}
                height={size}
                style={{ objectFit: "cover" }}
                alt=""
              />
            )}
            {e.capture === "gallery" && (
              <Tag color="orange" className="evidence-flag">
                {t("hazards.photo.fromGallery")}
              </Tag>
            )}
            <button type="button" className="evidence-remove" aria-label={t("common.delete")} title={formatDateTime(e.receivedAt)} onClick={() => remove(e.id)}>
              <CloseOutlined />
            </button>
          </div>
        ))}
        {pending.map((p) => (
          <div key={p.key} className="evidence-thumb evidence-pending" style={{ width: size, height: size }}>
            {p.percent < 100 ? <Progress type="circle" percent={p.percent} size={size - 30} /> : <LoadingOutlined style={{ fontSize: 24 }} />}
          </div>
        ))}
      </div>
      <div className="evidence-buttons">
        <input
          id={cameraId}
          data-testid={`${testId}-camera-input`}
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          className="evidence-file-input"
          style={{ display: "none" }}
          onChange={(e) => {
            void add(e.target.files, "camera");
            e.target.value = "";
          }}
        />
        <Button
          size={large ? "large" : "middle"}
          type={large ? "primary" : "default"}
          icon={<CameraOutlined />}
          disabled={full}
          onClick={() => document.getElementById(cameraId)?.click()}
          data-testid={`${testId}-camera`}
          className={large ? "touch-button" : undefined}
        >
          {t("hazards.photo.takePhoto")}
        </Button>
        {allowGallery && (
          <>
            <input
              id={galleryId}
              data-testid={`${testId}-gallery-input`}
              type="file"
              accept="image/jpeg,image/png,image/webp,video/mp4"
              multiple
              className="evidence-file-input"
              style={{ display: "none" }}
              onChange={(e) => {
                void add(e.target.files, "gallery");
                e.target.value = "";
              }}
            />
            <Button
              size={large ? "large" : "middle"}
              icon={<PictureOutlined />}
              disabled={full}
              onClick={() => document.getElementById(galleryId)?.click()}
              data-testid={`${testId}-gallery`}
              className={large ? "touch-button" : undefined}
            >
              {t("hazards.photo.fromGalleryButton")}
            </Button>
          </>
        )}
      </div>
    </div>
  );
}

export function evidenceIds(value: Evidence[] | undefined): string[] {
  return (value ?? []).map((e) => e.id);
}
