import { describe, expect, it } from "vitest";
import {
  attemptOptions,
  checkIdNumber,
  EXAM_GRACE_MS,
  examDeadline,
  examResultText,
  examTimeOver,
  idNumberCheckChar,
  isAnswerCorrect,
  JUDGE_OPTIONS,
  KEY_GROUP_CODES,
  KEY_GROUPS,
  keyGroupState,
  maskIdNumber,
  personCertState,
  scoreExam,
  seededShuffle,
  supersededCertificates,
  validateQuestion,
} from "../src/training";

describe("key groups (三项岗位)", () => {
  it("names the three groups in Chinese and English, with the certificates that qualify each", () => {
    expect(KEY_GROUP_CODES).toEqual(["main_leader", "safety_manager", "special_operation"]);
    expect(KEY_GROUP_CODES.map((g) => KEY_GROUPS[g].zh)).toEqual(["主要负责人", "安全生产管理人员", "特种作业人员"]);
    expect(KEY_GROUPS.special_operation.en).toBe("Special-operation personnel");
    expect(KEY_GROUPS.main_leader.certificateTypes).toEqual(["main_leader"]);
    expect(KEY_GROUPS.safety_manager.certificateTypes).toEqual(["safety_manager"]);
    // 特种作业操作证 types only: not the watchman training, not the A/B certificates, not "other".
    expect([...KEY_GROUPS.special_operation.certificateTypes].sort()).toEqual(["crane", "electrician", "hazchem_process", "height_work", "welding_cutting"]);
  });

  it("a key-group person's state comes from the latest certificate of the group's types", () => {
    const today = "2026-11-23";
    expect(keyGroupState("special_operation", [], today)).toBe("missing");
    // A watchman certificate does not qualify a special operator.
    expect(keyGroupState("special_operation", [{ type: "watchman", validUntil: "2030-01-01" }], today)).toBe("missing");
    expect(keyGroupState("special_operation", [{ type: "welding_cutting", validUntil: "2026-10-31" }], today)).toBe("expired");
    // Renewed: the later one decides.
    expect(
      keyGroupState(
        "special_operation",
        [
          { type: "welding_cutting", validUntil: "2026-10-31" },
          { type: "welding_cutting", validUntil: "2032-10-31" },
        ],
        today,
      ),
    ).toBe("valid");
    // Boundary of the warning window: 30 days ahead is expiring, 31 is valid; yesterday expired, today still expiring.
    expect(keyGroupState("main_leader", [{ type: "main_leader", validUntil: "2026-12-23" }], today, 30)).toBe("expiring");
    expect(keyGroupState("main_leader", [{ type: "main_leader", validUntil: "2026-12-24" }], today, 30)).toBe("valid");
    expect(keyGroupState("main_leader", [{ type: "main_leader", validUntil: "2026-11-23" }], today, 30)).toBe("expiring");
    expect(keyGroupState("main_leader", [{ type: "main_leader", validUntil: "2026-11-22" }], today, 30)).toBe("expired");
    expect(keyGroupState("main_leader", [{ type: "main_leader", validUntil: "2026-12-10" }], today, 10)).toBe("valid");
  });

  it("a person's certificate state is the worst of the latest per type; superseded certificates are named", () => {
    const today = "2026-11-23";
    expect(personCertState([], today)).toBe("none");
    const certs = [
      { id: "a", type: "welding_cutting", validUntil: "2026-10-31" },
      { id: "b", type: "welding_cutting", validUntil: "2029-05-31" },
      { id: "c", type: "watchman", validUntil: "2026-12-20" },
    ];
    expect(personCertState(certs, today)).toBe("expiring");
    expect(personCertState(certs.slice(0, 2), today)).toBe("valid");
    expect(personCertState(certs.slice(0, 1), today)).toBe("expired");
    expect([...supersededCertificates(certs)]).toEqual(["a"]);
    // Two of the same type and date: neither supersedes the other.
    expect(
      supersededCertificates([
        { id: "x", type: "crane", validUntil: "2028-01-01" },
        { id: "y", type: "crane", validUntil: "2028-01-01" },
      ]).size,
    ).toBe(0);
  });
});

describe("身份证号 (GB 11643-1999)", () => {
  it("computes the check character", () => {
    // The standard's own example: 11010519491231002X.
    expect(idNumberCheckChar("11010519491231002")).toBe("X");
    expect(idNumberCheckChar("32110219850312001")).toBe("3");
    expect(idNumberCheckChar("32118319900101125")).toBe("8");
  });

  it("accepts valid numbers (lower-case x normalised) and names what is wrong otherwise", () => {
    expect(checkIdNumber("11010519491231002x")).toEqual({ ok: true, value: "11010519491231002X" });
    expect(checkIdNumber(" 321102198503120013 ")).toEqual({ ok: true, value: "321102198503120013" });
    const bad = (s: string) => {
      const r = checkIdNumber(s);
      return r.ok ? "ok" : r.message;
    };
    expect(bad("321102198503120014")).toMatch(/校验位/);
    expect(bad("32110219850312001")).toMatch(/18 位/);
    expect(bad("3211021985031200134")).toMatch(/18 位/);
    expect(bad("32110219850312001A")).toMatch(/18 位/);
    expect(bad("321102198502300017")).toMatch(/出生日期/); // 2月30日
    expect(bad("321102185001010018")).toMatch(/出生日期/);
    expect(bad("021102198503120013")).toMatch(/地址码/);
  });

  it("masks all but the first 6 and the last 4 characters", () => {
    expect(maskIdNumber("321102198503120013")).toBe("321102********0013");
    expect(maskIdNumber("11010519491231002x")).toBe("110105********002X");
    expect(maskIdNumber("321102198503120013")).not.toContain("19850312");
  });
});

describe("questions", () => {
  const opts = [
    { key: "A", text: "甲" },
    { key: "B", text: "乙" },
    { key: "C", text: "丙" },
  ];
  const fields = (r: ReturnType<typeof validateQuestion>) => (r.ok ? [] : r.problems.map((p) => p.field));

  it("single choice: at least 2 options and exactly 1 answer among them", () => {
    expect(validateQuestion({ kind: "single", options: opts, answer: ["B"] })).toEqual({ ok: true, options: opts, answer: ["B"] });
    expect(fields(validateQuestion({ kind: "single", options: opts, answer: ["A", "B"] }))).toEqual(["answer"]);
    expect(fields(validateQuestion({ kind: "single", options: opts, answer: [] }))).toEqual(["answer"]);
    expect(fields(validateQuestion({ kind: "single", options: opts, answer: ["D"] }))).toEqual(["answer"]);
    expect(fields(validateQuestion({ kind: "single", options: opts.slice(0, 1), answer: ["A"] }))).toEqual(["options"]);
    expect(fields(validateQuestion({ kind: "single", options: [opts[0]!, { key: "A", text: "重复" }], answer: ["A"] }))).toEqual(["options"]);
  });

  it("multiple choice: at least 2 options and at least 1 answer; answer kept in option order", () => {
    expect(validateQuestion({ kind: "multiple", options: opts, answer: ["C", "A", "A"] })).toEqual({ ok: true, options: opts, answer: ["A", "C"] });
    expect(validateQuestion({ kind: "multiple", options: opts, answer: ["B"] }).ok).toBe(true);
    expect(fields(validateQuestion({ kind: "multiple", options: opts, answer: [] }))).toEqual(["answer"]);
    expect(fields(validateQuestion({ kind: "multiple", options: opts.slice(0, 1), answer: ["A"] }))).toEqual(["options"]);
  });

  it("true/false: options fixed to 正确/错误 whatever is sent, answer T or F", () => {
    const r = validateQuestion({ kind: "judge", options: opts, answer: ["t"] });
    expect(r).toEqual({ ok: true, options: [...JUDGE_OPTIONS], answer: ["T"] });
    expect(JUDGE_OPTIONS).toEqual([
      { key: "T", text: "正确" },
      { key: "F", text: "错误" },
    ]);
    expect(fields(validateQuestion({ kind: "judge", options: [], answer: ["A"] }))).toEqual(["answer"]);
    expect(fields(validateQuestion({ kind: "judge", options: [], answer: ["T", "F"] }))).toEqual(["answer"]);
  });

  it("multiple choice is all-or-nothing; single needs exactly the one key", () => {
    expect(isAnswerCorrect("multiple", ["A", "C"], ["C", "A"])).toBe(true);
    expect(isAnswerCorrect("multiple", ["A", "C"], ["A"])).toBe(false);
    expect(isAnswerCorrect("multiple", ["A", "C"], ["A", "B", "C"])).toBe(false);
    expect(isAnswerCorrect("multiple", ["A", "C"], [])).toBe(false);
    expect(isAnswerCorrect("single", ["B"], ["B"])).toBe(true);
    expect(isAnswerCorrect("single", ["B"], ["B", "B"])).toBe(true);
    expect(isAnswerCorrect("single", ["B"], ["A", "B"])).toBe(false);
    expect(isAnswerCorrect("judge", ["F"], ["T"])).toBe(false);
    expect(isAnswerCorrect("judge", ["F"], undefined)).toBe(false);
  });
});

describe("exam scoring", () => {
  // 3 single × 10 + 1 multiple × 40 + 3 judge × 10 = 100 points.
  const qs = [
    { id: "s1", kind: "single" as const, answer: ["A"], points: 10 },
    { id: "s2", kind: "single" as const, answer: ["B"], points: 10 },
    { id: "s3", kind: "single" as const, answer: ["C"], points: 10 },
    { id: "m1", kind: "multiple" as const, answer: ["A", "B", "D"], points: 40 },
    { id: "j1", kind: "judge" as const, answer: ["T"], points: 10 },
    { id: "j2", kind: "judge" as const, answer: ["F"], points: 10 },
    { id: "j3", kind: "judge" as const, answer: ["T"], points: 10 },
  ];
  const all = { s1: ["A"], s2: ["B"], s3: ["C"], m1: ["D", "B", "A"], j1: ["T"], j2: ["F"], j3: ["T"] };

  it("adds the points of the right answers and passes at the pass mark exactly", () => {
    const full = scoreExam(qs, all, 60);
    expect([full.score, full.totalPoints, full.passed]).toEqual([100, 100, true]);
    // Half of the multiple choice right is nothing: 60 points, passes at 60, fails at 61.
    const partial = { ...all, m1: ["A", "B"] };
    const at60 = scoreExam(qs, partial, 60);
    expect([at60.score, at60.passed]).toEqual([60, true]);
    expect(scoreExam(qs, partial, 61).passed).toBe(false);
    // One judge wrong as well: 50 < 60.
    const r = scoreExam(qs, { ...partial, j2: ["T"] }, 60);
    expect([r.score, r.passed]).toEqual([50, false]);
    expect(r.results.find((x) => x.questionId === "m1")).toEqual({ questionId: "m1", correct: false, answer: ["A", "B", "D"], given: ["A", "B"], points: 0 });
    expect(r.results.find((x) => x.questionId === "j1")).toMatchObject({ correct: true, points: 10 });
  });

  it("unanswered questions score nothing; pass mark 0 always passes", () => {
    const r = scoreExam(qs, {}, 0);
    expect([r.score, r.passed, r.results.every((x) => !x.correct)]).toEqual([0, true, true]);
    expect(scoreExam(qs, { s1: ["A"] }, 11)).toMatchObject({ score: 10, passed: false });
  });

  it("writes the training-record result", () => {
    expect(examResultText(85, true)).toBe("合格 85 分");
    expect(examResultText(40, false)).toBe("不合格 40 分");
  });

  it("deadline is start + time limit; submission late only after one minute of grace", () => {
    const start = new Date("2026-11-23T02:00:00Z");
    const deadline = examDeadline(start, 30);
    expect(deadline.toISOString()).toBe("2026-11-23T02:30:00.000Z");
    expect(EXAM_GRACE_MS).toBe(60_000);
    expect(examTimeOver(deadline, new Date("2026-11-23T02:31:00Z"))).toBe(false);
    expect(examTimeOver(deadline, new Date("2026-11-23T02:31:00.001Z"))).toBe(true);
    expect(examTimeOver(deadline, new Date("2026-11-23T02:29:00Z"))).toBe(false);
  });
});

describe("seeded shuffle", () => {
  const items = Array.from({ length: 20 }, (_, i) => `q${i}`);

  it("is a permutation, the same for the same seed", () => {
    const a = seededShuffle(items, "attempt-1");
    expect([...a].sort()).toEqual([...items].sort());
    expect(a).toHaveLength(20);
    expect(seededShuffle(items, "attempt-1")).toEqual(a);
    expect(items[0]).toBe("q0"); // input untouched
  });

  it("differs across seeds and does not leave the order as it was", () => {
    const orders = new Set(["s1", "s2", "s3", "s4", "s5"].map((s) => seededShuffle(items, s).join(",")));
    expect(orders.size).toBe(5);
    expect(orders.has(items.join(","))).toBe(false);
  });

  it("spreads every item over every position (no fixed slot)", () => {
    const firsts = new Set<string>();
    for (let i = 0; i < 400; i++) firsts.add(seededShuffle(items, `seed-${i}`)[0]!);
    expect(firsts.size).toBe(20);
  });

  it("shuffles options per attempt and question, but keeps 正确 before 错误", () => {
    const opts = ["A", "B", "C", "D", "E"].map((key) => ({ key, text: key }));
    const one = attemptOptions("single", opts, "att", "q1", true);
    expect(one.map((o) => o.key).sort()).toEqual(["A", "B", "C", "D", "E"]);
    expect(attemptOptions("single", opts, "att", "q1", true)).toEqual(one);
    const many = new Set(
      ["q1", "q2", "q3", "q4", "q5", "q6"].map((q) =>
        attemptOptions("multiple", opts, "att", q, true)
          .map((o) => o.key)
          .join(""),
      ),
    );
    expect(many.size).toBeGreaterThan(1);
    expect(attemptOptions("single", opts, "att", "q1", false)).toEqual(opts);
    expect(attemptOptions("judge", [...JUDGE_OPTIONS], "att", "q1", true)).toEqual([...JUDGE_OPTIONS]);
  });
});
