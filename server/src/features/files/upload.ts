import type { FastifyRequest } from "fastify";
import { AppError } from "../../platform/errors";

/** Reads the single multipart file field; a file cut at the size limit is 413, never stored truncated. */
export async function readUpload(req: FastifyRequest, maxMb: number): Promise<{ buffer: Buffer; filename: string; fields: Record<string, string> }> {
  if (!req.isMultipart()) throw new AppError(415, "UNSUPPORTED_MEDIA_TYPE", "请以 multipart/form-data 上传文件（字段名 file）");
  const part = await req.file();
  if (!part) throw new AppError(400, "FILE_REQUIRED", "请选择要上传的文件", [{ field: "file", message: "缺少文件" }]);
  const buffer = await part.toBuffer().catch((err: { code?: string }) => {
    if (err.code === "FST_REQ_FILE_TOO_LARGE") throw new AppError(413, "PAYLOAD_TOO_LARGE", `文件超过 ${maxMb} MB 上限`);
    throw err;
  });
  if (part.file.truncated) throw new AppError(413, "PAYLOAD_TOO_LARGE", `文件超过 ${maxMb} MB 上限`);
  if (buffer.length === 0) throw new AppError(400, "EMPTY_FILE", "文件是空的", [{ field: "file", message: "文件是空的" }]);
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(part.fields)) {
    const f = v as { type?: string; value?: unknown };
    if (f && f.type === "field" && typeof f.value === "string") fields[k] = f.value;
  }
  return { buffer, filename: part.filename || "file", fields };
}
