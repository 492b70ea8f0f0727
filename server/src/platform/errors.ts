/** Errors are data: a stable code, an HTTP status, a Chinese message, and the failing fields where there are any. */
export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what = "记录") => new AppError(404, "NOT_FOUND", `${what}不存在或无权查看`);
export const forbidden = (message = "无权执行此操作") => new AppError(403, "FORBIDDEN", message);
export const conflict = (message = "记录已被他人修改，请刷新后重试") => new AppError(409, "CONFLICT", message);
export const badRequest = (message: string, fields?: FieldError[], code = "VALIDATION_FAILED") => new AppError(400, code, message, fields);
export const fieldError = (field: string, message: string, code = "VALIDATION_FAILED", status = 400) =>
  new AppError(status, code, message, [{ field, message }]);
