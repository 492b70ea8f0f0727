import type { UploadProps } from "antd";
import { uploadWithProgress } from "../api/client";
import type { StoredFile } from "../api/types";

export const fileUrl = (sha256: string, thumbnail = false) => `/api/files/${sha256}${thumbnail ? "?thumbnail=1" : ""}`;

/** antd Upload customRequest: POST /api/files (multipart "file", CSRF header) with progress. */
export function uploadToFiles(after?: (f: StoredFile, file: File) => Promise<unknown>): NonNullable<UploadProps["customRequest"]> {
  return ({ file, onProgress, onSuccess, onError }) => {
    const f = file as File;
    uploadWithProgress<StoredFile>("/api/files", f, (percent) => onProgress?.({ percent }))
      .then(async (stored) => {
        if (after) await after(stored, f);
        onSuccess?.(stored);
      })
      .catch((e: Error) => onError?.(e));
  };
}
