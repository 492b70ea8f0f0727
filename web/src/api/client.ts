/** fetch wrapper: same-origin cookies, CSRF header on writes, structured errors, 401 → login. */

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const message = typeof body.message === "string" && body.message ? body.message : `HTTP ${status}`;
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = typeof body.code === "string" ? body.code : `HTTP_${status}`;
    this.fields = Array.isArray(body.fields) ? (body.fields as FieldError[]) : [];
    this.body = body;
  }
}

export const CSRF_COOKIE = "anguan_csrf";
export const CSRF_HEADER = "x-csrf-token";

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

let unauthenticatedHandler: () => void = () => {
  if (!window.location.pathname.startsWith("/login")) window.location.assign("/login");
};

/** The app registers a router-aware handler (keeps the SPA, remembers where the user was). */
export function onUnauthenticated(handler: () => void) {
  unauthenticatedHandler = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function toQueryString(query?: Query): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

async function parseBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}

export function handleFailure(status: number, body: unknown): ApiError {
  const err = new ApiError(status, body && typeof body === "object" ? (body as Record<string, unknown>) : {});
  if (status === 401 && err.code === "UNAUTHENTICATED") unauthenticatedHandler();
  return err;
}

export async function request<T>(method: string, path: string, opts: { query?: Query; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET" && method !== "HEAD") {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path + toQueryString(opts.query), { method, headers, body, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, { code: "NETWORK_ERROR", message: "" });
  }
  const data = await parseBody(res);
  if (!res.ok) throw handleFailure(res.status, data);
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>("GET", path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>("PATCH", path, { body }),
  del: <T = void>(path: string) => request<T>("DELETE", path),
};

/** Multipart upload through XMLHttpRequest so the caller can show upload progress (0–100). */
export function uploadWithProgress<T>(path: string, file: File | Blob, onProgress?: (percent: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("accept", "application/json");
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) xhr.setRequestHeader(CSRF_HEADER, csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = { message: xhr.responseText };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else reject(handleFailure(xhr.status, data));
    };
    xhr.onerror = () => reject(new ApiError(0, { code: "NETWORK_ERROR", message: "" }));
    xhr.onabort = () => reject(new ApiError(0, { code: "ABORTED", message: "" }));
    signal?.addEventListener("abort", () => xhr.abort());
    const form = new FormData();
    form.append("file", file, file instanceof File ? file.name : "upload");
    xhr.send(form);
  });
}
