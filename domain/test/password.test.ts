import { describe, expect, it } from "vitest";
import { checkPassword, LOCKOUT_MINUTES, lockoutAfterFailure, MAX_LOGIN_FAILURES, PASSWORD_MESSAGES, passwordClasses } from "../src/password";

describe("checkPassword", () => {
  it("requires at least 8 characters", () => {
    expect(checkPassword("Ab1#xyz")).toBe("PASSWORD_TOO_SHORT");
    expect(checkPassword("")).toBe("PASSWORD_TOO_SHORT");
    expect(checkPassword("Ab1#xyzw")).toBeNull();
    expect(PASSWORD_MESSAGES.PASSWORD_TOO_SHORT).toContain("8");
  });

  it("requires 3 of the 4 classes upper, lower, digit, symbol", () => {
    expect(checkPassword("abcdefgh")).toBe("PASSWORD_TOO_SIMPLE"); // 1 class
    expect(checkPassword("abcd1234")).toBe("PASSWORD_TOO_SIMPLE"); // 2 classes
    expect(checkPassword("ABCD####")).toBe("PASSWORD_TOO_SIMPLE");
    expect(checkPassword("12345678")).toBe("PASSWORD_TOO_SIMPLE");
    expect(checkPassword("Abcd1234")).toBeNull(); // upper lower digit
    expect(checkPassword("abcd#123")).toBeNull(); // lower digit symbol
    expect(checkPassword("ABCD#123")).toBeNull(); // upper digit symbol
    expect(checkPassword("Abcd#efg")).toBeNull(); // upper lower symbol
    expect(checkPassword("Anguan#2026")).toBeNull(); // the demo password
  });

  it("counts non-ASCII characters (Chinese, spaces) as symbols", () => {
    expect(passwordClasses("安全")).toBe(1);
    expect(checkPassword("anquan 2026")).toBeNull();
    expect(checkPassword("安全生产abc123")).toBeNull();
  });

  it("counts classes", () => {
    expect(passwordClasses("")).toBe(0);
    expect(passwordClasses("aA1!")).toBe(4);
    expect(passwordClasses("aaaa")).toBe(1);
  });

  it("caps the length at 128", () => {
    expect(checkPassword(`Ab1#${"x".repeat(124)}`)).toBeNull();
    expect(checkPassword(`Ab1#${"x".repeat(125)}`)).toBe("PASSWORD_TOO_LONG");
  });
});

describe("lockoutAfterFailure", () => {
  const now = new Date("2026-11-23T02:00:00Z");
  it("does not lock before the 5th consecutive failure", () => {
    expect(MAX_LOGIN_FAILURES).toBe(5);
    for (let n = 0; n < 5; n++) expect(lockoutAfterFailure(n, now), String(n)).toBeNull();
  });
  it("locks for 15 minutes at the 5th failure and after", () => {
    expect(LOCKOUT_MINUTES).toBe(15);
    expect(lockoutAfterFailure(5, now)?.toISOString()).toBe("2026-11-23T02:15:00.000Z");
    expect(lockoutAfterFailure(7, now)?.toISOString()).toBe("2026-11-23T02:15:00.000Z");
  });
  it("does not modify the given date", () => {
    const d = new Date(now);
    lockoutAfterFailure(5, d);
    expect(d.getTime()).toBe(now.getTime());
  });
});
