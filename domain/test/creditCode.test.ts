import { describe, expect, it } from "vitest";
import {
  CREDIT_CODE_CHARSET,
  CREDIT_CODE_MESSAGES,
  creditCodeCheckChar,
  makeCreditCode,
  normalizeCreditCode,
  orgCodeCheckChar,
  validateCreditCode,
} from "../src/creditCode";

// An independent implementation of GB 32100-2015 straight from domain-reference §8.2, used to build test inputs.
const CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
function refCheck18(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARS.indexOf(first17[i]!) * (3 ** i % 31);
  const c = 31 - (sum % 31);
  return CHARS[c === 31 ? 0 : c]!;
}
function refOrgCheck(body8: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8[i]!;
    sum += (/\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - "A".charCodeAt(0) + 10) * w[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

const EXAMPLE = "91110108MA01HK7P4M"; // domain-reference §8.3

describe("validateCreditCode", () => {
  it("accepts the worked example of domain-reference §8.3", () => {
    expect(validateCreditCode(EXAMPLE)).toEqual({ ok: true, code: EXAMPLE });
    expect(validateCreditCode(EXAMPLE, { strictOrgCode: true })).toEqual({ ok: true, code: EXAMPLE });
  });

  it("uses the charset without I, O, S, V, Z", () => {
    expect(CREDIT_CODE_CHARSET).toBe(CHARS);
    for (const c of "IOSVZ") expect(CREDIT_CODE_CHARSET).not.toContain(c);
  });

  it("computes the check characters of the worked example", () => {
    expect(creditCodeCheckChar("91110108MA01HK7P4")).toBe("M");
    expect(orgCodeCheckChar("MA01HK7P")).toBe("4");
  });

  it("rejects every wrong check character", () => {
    for (const c of CHARS) {
      if (c === "M") continue;
      const r = validateCreditCode(`91110108MA01HK7P4${c}`);
      expect(r.ok, c).toBe(false);
      if (!r.ok) {
        expect(r.error).toBe("CREDIT_CODE_CHECK_DIGIT");
        expect(r.message).toBe("统一社会信用代码校验位错误");
      }
    }
  });

  it("rejects a changed body character (the check char no longer fits)", () => {
    const r = validateCreditCode("91110108MA01HK7Q4M");
    expect(r).toMatchObject({ ok: false, error: "CREDIT_CODE_CHECK_DIGIT" });
  });

  it("reports a circulating code that fails the position-18 check (§8.2)", () => {
    expect(validateCreditCode("91350203MA31DKY80A")).toMatchObject({ ok: false, error: "CREDIT_CODE_CHECK_DIGIT" });
  });

  it("rejects wrong lengths and empty input", () => {
    expect(validateCreditCode(EXAMPLE.slice(0, 17))).toMatchObject({ ok: false, error: "CREDIT_CODE_LENGTH", message: "统一社会信用代码应为18位" });
    expect(validateCreditCode(`${EXAMPLE}0`)).toMatchObject({ ok: false, error: "CREDIT_CODE_LENGTH" });
    expect(validateCreditCode("")).toMatchObject({ ok: false, error: "CREDIT_CODE_EMPTY" });
    expect(validateCreditCode("   ")).toMatchObject({ ok: false, error: "CREDIT_CODE_EMPTY" });
  });

  it("rejects the forbidden letters I, O, S, V, Z and other characters", () => {
    for (const bad of ["I", "O", "S", "V", "Z"]) {
      const code = `91110108MA01HK7${bad}4M`;
      expect(validateCreditCode(code), bad).toMatchObject({ ok: false, error: "CREDIT_CODE_CHARSET" });
    }
    expect(validateCreditCode("91110108MA01HK7-4M")).toMatchObject({ ok: false, error: "CREDIT_CODE_CHARSET" });
    // positions 3–8 must be digits
    expect(validateCreditCode("9111010AMA01HK7P4M")).toMatchObject({ ok: false, error: "CREDIT_CODE_CHARSET" });
    expect(CREDIT_CODE_MESSAGES.CREDIT_CODE_CHARSET).toContain("I、O、S、V、Z");
  });

  it("normalises lower case and spaces", () => {
    expect(normalizeCreditCode(" 9111 0108ma01hk7p4m ")).toBe(EXAMPLE);
    expect(validateCreditCode("91110108ma01hk7p4m")).toEqual({ ok: true, code: EXAMPLE });
    expect(validateCreditCode(" 91110108 MA01HK7P 4M\t")).toEqual({ ok: true, code: EXAMPLE });
  });

  it("checks the registration authority code, configurable", () => {
    // authority "2" (外交, an extended code): valid check char, but not in the default set
    const first17 = "21110108MA01HK7P4";
    const code = first17 + refCheck18(first17);
    expect(validateCreditCode(code)).toMatchObject({ ok: false, error: "CREDIT_CODE_AUTHORITY" });
    expect(validateCreditCode(code, { authorityCodes: ["1", "2", "5", "9", "Y"] })).toEqual({ ok: true, code });
    for (const a of ["1", "5", "Y"]) {
      const f = `${a}1110108MA01HK7P4`;
      expect(validateCreditCode(f + refCheck18(f)).ok, a).toBe(true);
    }
    expect(validateCreditCode(EXAMPLE, { authorityCodes: ["1"] })).toMatchObject({ ok: false, error: "CREDIT_CODE_AUTHORITY" });
  });

  it("checks the organisation-code character (position 17) only when strict", () => {
    // position 17 wrong ("5" instead of "4"), position 18 recomputed so the ordinary check passes
    const first17 = "91110108MA01HK7P5";
    const code = first17 + refCheck18(first17);
    expect(validateCreditCode(code)).toEqual({ ok: true, code });
    expect(validateCreditCode(code, { strictOrgCode: true })).toMatchObject({
      ok: false,
      error: "CREDIT_CODE_ORG_CHECK",
      message: "统一社会信用代码中组织机构代码校验位错误",
    });
  });

  it("maps org check remainders 10 → X and 11 → 0", () => {
    // search bodies that hit each special case, compare with the reference
    let sawX = false;
    let saw0 = false;
    for (let n = 0; n < 2000 && !(sawX && saw0); n++) {
      const body = `MA${String(n).padStart(6, "0")}`;
      const expected = refOrgCheck(body);
      expect(orgCodeCheckChar(body), body).toBe(expected);
      if (expected === "X") sawX = true;
      if (expected === "0") saw0 = true;
    }
    expect(sawX && saw0).toBe(true);
  });

  it("maps credit check c = 31 to '0'", () => {
    let found = false;
    for (let n = 0; n < 5000 && !found; n++) {
      const first17 = `9132118300000${String(n).padStart(4, "0")}`;
      const expected = refCheck18(first17);
      expect(creditCodeCheckChar(first17)).toBe(expected);
      if (expected === "0") found = true;
    }
    expect(found).toBe(true);
  });

  it("throws on malformed input to the check helpers", () => {
    expect(() => creditCodeCheckChar("123")).toThrow();
    expect(() => creditCodeCheckChar("9111010800000000I")).toThrow();
  });
});

describe("makeCreditCode", () => {
  it("rebuilds the worked example", () => {
    expect(makeCreditCode("91", "110108", "MA01HK7P")).toBe(EXAMPLE);
  });

  it("round-trips: every made code validates strictly", () => {
    const bodies = ["MA1XY2Q3", "12345678", "MA000000", "MAYYYYYY", "87654321"];
    for (const prefix of ["91", "92", "93", "11", "52", "Y1"]) {
      for (const body of bodies) {
        const code = makeCreditCode(prefix, "321183", body);
        expect(code).toHaveLength(18);
        expect(code.slice(0, 16)).toBe(`${prefix}321183${body}`);
        expect(code[16]).toBe(refOrgCheck(body));
        expect(code[17]).toBe(refCheck18(code.slice(0, 17)));
        expect(validateCreditCode(code, { strictOrgCode: true })).toEqual({ ok: true, code });
      }
    }
  });
});
