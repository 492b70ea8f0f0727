/** GB 30871-2022 rules at every boundary: grades, validity, gas analysis, certificates, approval, evidence, life cycle. */
import { describe, expect, it } from "vitest";
import {
  APPROVER_LEVEL_CODES,
  type ApproverLevel,
  beijingDate,
  CERTIFICATE_REQUIREMENTS,
  certificateRefusals,
  certificateState,
  DEFAULT_APPROVER_ROLES,
  DEFAULT_PERMIT_CALENDAR,
  EVIDENCE_NODE_CODES,
  evidenceCaptureVerdict,
  GAS_TIMING,
  gasAnalysisRequired,
  gasStartRefusal,
  gradeHeight,
  gradeHotWork,
  gradeLifting,
  gradePermit,
  HEIGHT_HAZARD_FACTORS,
  type HeightHazardFactor,
  highRiskCategory,
  holdsApproval,
  type HotWorkGradeInput,
  isHighRiskWork,
  isNight,
  isRestDayOrHoliday,
  judgeGasReading,
  maxValidityMs,
  MEASURE_TEMPLATES,
  PERMIT_STATUS_CODES,
  PERMIT_TRANSITIONS,
  type PermitAction,
  type PermitActorFacts,
  type PermitCalendar,
  permitActions,
  permitCode,
  type PermitGrade,
  permitRefusal,
  type PermitStatus,
  periodicAnalysisOverdueMin,
  PermitRuleError,
  reanalysisGapMin,
  requiredApprover,
  requiredEvidenceNodes,
  resumeNeedsAnalysis,
  SPECIAL_WORK_TYPE_CODES,
  type SpecialWorkType,
  specialCircumstances,
  validityRefusal,
} from "../src/gb30871";
import { WEEKENDS_ONLY_CALENDAR } from "../src/inspectionSchedule";

/** A Beijing wall-clock time. */
const bj = (s: string) => new Date(`${s}+08:00`);
const MIN = 60_000;
const H = 3600_000;
const D = 24 * H;
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

// 2026-11-23 is a Monday; 11-28/29 the weekend; 10-01 National Day (a Thursday); 10-10 a Saturday worked (调休).
const MONDAY = "2026-11-23";
const SATURDAY = "2026-11-28";
const HOLIDAY = "2026-10-01";
const ADJUSTED_WORKDAY = "2026-10-10";

const ordinary: HotWorkGradeInput = { inHazardArea: false, onRunningEquipment: false, inMajorHazardTankDike: false, onPipeRack: false };
const hazardArea: HotWorkGradeInput = { ...ordinary, inHazardArea: true };
const running: HotWorkGradeInput = { ...hazardArea, onRunningEquipment: true };

describe("Beijing time, night and rest days", () => {
  it("reads dates and night hours in Beijing time whatever the instant's UTC date", () => {
    expect(beijingDate(new Date("2026-11-22T16:00:00Z"))).toBe(MONDAY);
    expect(beijingDate(new Date("2026-11-22T15:59:59.999Z"))).toBe("2026-11-22");
    expect(isNight(bj(`${MONDAY}T21:59:59`))).toBe(false);
    expect(isNight(bj(`${MONDAY}T22:00:00`))).toBe(true);
    expect(isNight(bj(`${MONDAY}T05:59:59`))).toBe(true);
    expect(isNight(bj(`${MONDAY}T06:00:00`))).toBe(false);
    expect(isNight(bj(`${MONDAY}T00:00:00`))).toBe(true);
    expect(isNight(bj(`${MONDAY}T12:00:00`))).toBe(false);
  });

  it("takes other night hours as parameters, wrapping midnight or not", () => {
    const late: PermitCalendar = { ...DEFAULT_PERMIT_CALENDAR, nightStartHour: 20, nightEndHour: 7 };
    expect(isNight(bj(`${MONDAY}T20:00:00`), late)).toBe(true);
    expect(isNight(bj(`${MONDAY}T19:59:59`), late)).toBe(false);
    expect(isNight(bj(`${MONDAY}T06:59:59`), late)).toBe(true);
    expect(isNight(bj(`${MONDAY}T07:00:00`), late)).toBe(false);
    const early: PermitCalendar = { ...DEFAULT_PERMIT_CALENDAR, nightStartHour: 0, nightEndHour: 6 };
    expect(isNight(bj(`${MONDAY}T23:00:00`), early)).toBe(false);
    expect(isNight(bj(`${MONDAY}T00:00:00`), early)).toBe(true);
    expect(specialCircumstances(bj(`${MONDAY}T20:00:00`), bj(`${MONDAY}T23:59:59`), early).night).toBe(false);
    expect(specialCircumstances(bj(`${MONDAY}T20:00:00`), bj("2026-11-24T00:00:01"), early).night).toBe(true);
  });

  it("knows weekends, public holidays and worked weekend days (调休) from the calendar", () => {
    expect(isRestDayOrHoliday(bj(`${MONDAY}T10:00:00`))).toBe(false);
    expect(isRestDayOrHoliday(bj(`${SATURDAY}T10:00:00`))).toBe(true);
    expect(isRestDayOrHoliday(bj("2026-11-29T10:00:00"))).toBe(true);
    expect(isRestDayOrHoliday(bj(`${HOLIDAY}T10:00:00`))).toBe(true);
    expect(isRestDayOrHoliday(bj(`${ADJUSTED_WORKDAY}T10:00:00`))).toBe(false);
    // Without the holiday arrangement, 10-01 is an ordinary Thursday and 10-10 an ordinary Saturday.
    const plain: PermitCalendar = { ...DEFAULT_PERMIT_CALENDAR, workdays: WEEKENDS_ONLY_CALENDAR };
    expect(isRestDayOrHoliday(bj(`${HOLIDAY}T10:00:00`), plain)).toBe(false);
    expect(isRestDayOrHoliday(bj(`${ADJUSTED_WORKDAY}T10:00:00`), plain)).toBe(true);
    // Beijing date, not UTC: Saturday 07:00 in Beijing is Friday 23:00 UTC.
    expect(isRestDayOrHoliday(bj(`${SATURDAY}T07:00:00`))).toBe(true);
    expect(isRestDayOrHoliday(bj("2026-11-27T23:59:59"))).toBe(false);
  });

  it("treats a window as half-open [start, end): touching 22:00 or midnight is not being in it", () => {
    const fri = "2026-11-27";
    expect(specialCircumstances(bj(`${fri}T14:00:00`), bj(`${fri}T22:00:00`))).toEqual({ night: false, restDay: false });
    expect(specialCircumstances(bj(`${fri}T14:00:00`), plus(bj(`${fri}T22:00:00`), 1))).toEqual({ night: true, restDay: false });
    expect(specialCircumstances(bj(`${fri}T21:00:00`), bj(`${SATURDAY}T00:00:00`))).toEqual({ night: true, restDay: false });
    expect(specialCircumstances(bj(`${fri}T21:00:00`), plus(bj(`${SATURDAY}T00:00:00`), 1))).toEqual({ night: true, restDay: true });
    expect(specialCircumstances(bj(`${fri}T06:00:00`), bj(`${fri}T18:00:00`))).toEqual({ night: false, restDay: false });
    expect(specialCircumstances(bj(`${fri}T05:59:59`), bj(`${fri}T18:00:00`))).toEqual({ night: true, restDay: false });
    // A long daytime window over a whole night is at night.
    expect(specialCircumstances(bj(`${MONDAY}T08:00:00`), bj("2026-11-24T08:00:00")).night).toBe(true);
  });
});

describe("hot-work grades (5.1) with the one-level upgrade", () => {
  const day = (d: string, from = "09:00", to = "17:00") => [bj(`${d}T${from}:00`), bj(`${d}T${to}:00`)] as const;

  it("derives the base grade from the place and circumstances", () => {
    const g = (input: HotWorkGradeInput) => gradeHotWork(input, ...day(MONDAY));
    expect(g(running)).toMatchObject({ grade: "hot_special", baseGrade: "hot_special", upgrades: [], permitRequired: true });
    expect(g({ ...hazardArea, inMajorHazardTankDike: true }).grade).toBe("hot_special");
    expect(g({ ...ordinary, inMajorHazardTankDike: true }).grade).toBe("hot_special");
    expect(g({ ...ordinary, onPipeRack: true })).toMatchObject({ grade: "hot_1", basis: "管廊上的动火作业按一级动火管理" });
    expect(g(hazardArea)).toMatchObject({ grade: "hot_1", basis: "火灾爆炸危险场所内的其他动火" });
    expect(g({ ...hazardArea, unitShutDownAndIsolated: true }).grade).toBe("hot_2");
    expect(g(ordinary)).toMatchObject({ grade: "hot_2", baseGrade: "hot_2", upgrades: [] });
    // Running equipment outside a hazard area is not 特级.
    expect(g({ ...ordinary, onRunningEquipment: true }).grade).toBe("hot_2");
  });

  it("needs no permit grade in a fixed hot-work area", () => {
    expect(gradeHotWork({ ...running, fixedArea: true }, ...day(MONDAY))).toMatchObject({ grade: null, permitRequired: false });
  });

  it("upgrades at night: a start at 21:59 for one minute is not at night, 22:00 is; 05:59 is, 06:00 is not", () => {
    const one = (t: string) => gradeHotWork(ordinary, bj(`${MONDAY}T${t}`), plus(bj(`${MONDAY}T${t}`), MIN));
    expect(one("21:59:00")).toMatchObject({ grade: "hot_2", upgrades: [] });
    expect(one("22:00:00")).toMatchObject({ grade: "hot_1", baseGrade: "hot_2", upgrades: ["夜间作业升级一级"] });
    expect(one("05:59:00")).toMatchObject({ grade: "hot_1", upgrades: ["夜间作业升级一级"] });
    expect(one("06:00:00")).toMatchObject({ grade: "hot_2", upgrades: [] });
    expect(gradeHotWork(hazardArea, bj(`${MONDAY}T22:00:00`), bj(`${MONDAY}T23:00:00`)).grade).toBe("hot_special");
  });

  it("upgrades on weekends and public holidays but not on a worked weekend day (调休)", () => {
    expect(gradeHotWork(ordinary, ...day(SATURDAY))).toMatchObject({ grade: "hot_1", upgrades: ["节假日、公休日作业升级一级"] });
    expect(gradeHotWork(hazardArea, ...day(HOLIDAY)).grade).toBe("hot_special");
    expect(gradeHotWork(ordinary, ...day(ADJUSTED_WORKDAY))).toMatchObject({ grade: "hot_2", upgrades: [] });
    expect(gradeHotWork(ordinary, ...day("2026-10-09"))).toMatchObject({ grade: "hot_2", upgrades: [] });
  });

  it("upgrades once however many circumstances apply, and never beyond 特级", () => {
    const r = gradeHotWork({ ...ordinary, windForce5Plus: true }, bj(`${SATURDAY}T21:00:00`), bj(`${SATURDAY}T23:00:00`));
    expect(r.grade).toBe("hot_1");
    expect(r.upgrades).toEqual(["夜间作业升级一级", "节假日、公休日作业升级一级", "五级风以上露天动火升级一级"]);
    expect(gradeHotWork(running, bj(`${SATURDAY}T22:00:00`), bj(`${SATURDAY}T23:00:00`)).grade).toBe("hot_special");
    expect(gradeHotWork({ ...ordinary, windForce5Plus: true }, ...day(MONDAY)).grade).toBe("hot_1");
  });
});

describe("height grades (GB/T 3608)", () => {
  const f: HeightHazardFactor[] = ["wind_5"];
  it.each([
    [1.99, null, null],
    [2, "height_1", "height_2"],
    [5, "height_1", "height_2"],
    [5.01, "height_2", "height_3"],
    [15, "height_2", "height_3"],
    [15.01, "height_3", "height_4"],
    [30, "height_3", "height_4"],
    [30.01, "height_4", "height_4"],
  ] as const)("%s m: method A %s, method B %s", (h, a, b) => {
    expect(gradeHeight({ heightM: h, factors: [] }).grade).toBe(a);
    expect(gradeHeight({ heightM: h, factors: f }).grade).toBe(b);
    expect(gradeHeight({ heightM: h, factors: [] }).permitRequired).toBe(h >= 2);
  });

  it("names the factors in the basis and refuses a bad height on its field", () => {
    const r = gradeHeight({ heightM: 10, factors: ["slippery", "poor_light"] });
    expect(r).toMatchObject({ grade: "height_3", baseGrade: "height_2", upgrades: ["存在客观危险因素"] });
    expect(r.basis).toContain(HEIGHT_HAZARD_FACTORS.slippery);
    expect(gradeHeight({ heightM: 31, factors: f }).upgrades).toEqual([]);
    expect(() => gradeHeight({ heightM: -1, factors: [] })).toThrow(PermitRuleError);
    try {
      gradeHeight({ heightM: Number.NaN, factors: [] });
    } catch (e) {
      expect((e as PermitRuleError).field).toBe("gradeInputs.heightM");
    }
  });
});

describe("lifting grades (by mass)", () => {
  it.each([
    [9.99, "lifting_3", false],
    [10, "lifting_3", true],
    [39.99, "lifting_3", true],
    [40, "lifting_2", true],
    [100, "lifting_2", true],
    [100.01, "lifting_1", true],
  ] as const)("%s t → %s, permit %s", (m, grade, required) => {
    expect(gradeLifting({ massT: m })).toMatchObject({ grade, permitRequired: required });
  });
  it("refuses a mass of 0 on its field", () => {
    expect(() => gradeLifting({ massT: 0 })).toThrow(expect.objectContaining({ field: "gradeInputs.massT" }));
  });
});

describe("gradePermit", () => {
  it("dispatches by type and leaves the ungraded types without a grade", () => {
    const s = bj(`${MONDAY}T09:00:00`);
    const e = bj(`${MONDAY}T10:00:00`);
    expect(gradePermit({ type: "hot_work", ...hazardArea }, s, e).grade).toBe("hot_1");
    expect(gradePermit({ type: "height", heightM: 20, factors: [] }, s, e).grade).toBe("height_3");
    expect(gradePermit({ type: "lifting", massT: 120 }, s, e).grade).toBe("lifting_1");
    for (const type of ["confined_space", "blinding", "temp_electricity", "excavation", "road_breaking"] as const)
      expect(gradePermit({ type }, s, e)).toMatchObject({ grade: null, permitRequired: true });
  });
});

describe("validity caps (§5.8): exactly at the cap passes, 1 ms over refuses", () => {
  const s = bj(`${MONDAY}T08:00:00`);
  const cases: [SpecialWorkType, PermitGrade | null, number][] = [
    ["hot_work", "hot_special", 8 * H],
    ["hot_work", "hot_1", 8 * H],
    ["hot_work", "hot_2", 72 * H],
    ["confined_space", null, 24 * H],
    ["height", "height_1", 7 * D],
    ["height", "height_4", 7 * D],
    ["temp_electricity", null, 15 * D],
    ["blinding", null, 72 * H],
    ["lifting", "lifting_1", 72 * H],
    ["excavation", null, 72 * H],
    ["road_breaking", null, 72 * H],
  ];
  it.each(cases)("%s %s: %d ms", (type, grade, cap) => {
    expect(maxValidityMs(type, grade)).toBe(cap);
    expect(validityRefusal(type, grade, s, plus(s, cap))).toBeNull();
    expect(validityRefusal(type, grade, s, plus(s, cap + 1))).toMatchObject({ field: "plannedEnd" });
  });

  it("uses the configured cap for types without one, and 30 days for extended temporary electricity", () => {
    expect(validityRefusal("lifting", "lifting_2", s, plus(s, 48 * H), { uncappedMs: 48 * H })).toBeNull();
    expect(validityRefusal("lifting", "lifting_2", s, plus(s, 48 * H + 1), { uncappedMs: 48 * H })).not.toBeNull();
    expect(validityRefusal("confined_space", null, s, plus(s, 25 * H), { uncappedMs: 48 * H })).not.toBeNull();
    expect(validityRefusal("temp_electricity", null, s, plus(s, 30 * D), { extendedElectricity: true })).toBeNull();
    expect(validityRefusal("temp_electricity", null, s, plus(s, 30 * D + 1), { extendedElectricity: true })).not.toBeNull();
  });

  it("names the cap in the message, refuses an end not after the start, and ends electricity with the work it serves", () => {
    expect(validityRefusal("hot_work", "hot_1", s, plus(s, 8 * H + 1))!.message).toBe("动火作业一级作业票有效期最长 8 小时（GB 30871-2022）");
    expect(validityRefusal("height", "height_2", s, plus(s, 7 * D + 1))!.message).toContain("7 天");
    expect(validityRefusal("hot_work", "hot_2", s, s)).toEqual({ field: "plannedEnd", message: "结束时间应晚于开始时间" });
    const served = plus(s, 4 * H);
    expect(validityRefusal("temp_electricity", null, s, served, { servedPermitEnd: served })).toBeNull();
    expect(validityRefusal("temp_electricity", null, s, plus(served, 1), { servedPermitEnd: served })!.message).toContain("所服务作业一致");
  });
});

describe("gas-analysis limits (5.3.2, 5.4)", () => {
  it("applies 0.5 % V/V where the LEL is at least 4 %, else 0.2 %", () => {
    expect(judgeGasReading({ kind: "combustible", value: 0.5, lelPercent: 4 })).toMatchObject({ pass: true, criterion: "≤ 0.5 %(V/V)（爆炸下限 ≥ 4 %）" });
    expect(judgeGasReading({ kind: "combustible", value: 0.51, lelPercent: 4 }).pass).toBe(false);
    expect(judgeGasReading({ kind: "combustible", value: 0.21, lelPercent: 3.99 })).toMatchObject({ pass: false, criterion: "≤ 0.2 %(V/V)（爆炸下限 < 4 %）" });
    expect(judgeGasReading({ kind: "combustible", value: 0.2, lelPercent: 3.99 }).pass).toBe(true);
    expect(judgeGasReading({ kind: "combustible", value: 0.3, lelPercent: 5 }).pass).toBe(true);
    expect(judgeGasReading({ kind: "combustible", value: 0.3, lelPercent: 2.1 }).pass).toBe(false);
    expect(judgeGasReading({ kind: "combustible", value: 0.1 })).toMatchObject({ pass: false, field: "lelPercent" });
  });

  it("keeps oxygen between 19.5 % and 21 %, or at most 23.5 % (and still at least 19.5 %) where enriched", () => {
    const o = (value: number, oxygenEnriched = false) => judgeGasReading({ kind: "oxygen", value, oxygenEnriched }).pass;
    expect([o(19.49), o(19.5), o(20.9), o(21), o(21.01)]).toEqual([false, true, true, true, false]);
    expect([o(23.5, true), o(23.51, true), o(22, true), o(19.49, true)]).toEqual([true, false, true, false]);
  });

  it("judges toxic gases against the stated exposure limit and refuses a negative value", () => {
    expect(judgeGasReading({ kind: "toxic", value: 10, limit: 10 }).pass).toBe(true);
    expect(judgeGasReading({ kind: "toxic", value: 10.1, limit: 10 }).pass).toBe(false);
    expect(judgeGasReading({ kind: "toxic", value: 1 })).toMatchObject({ pass: false, field: "limit" });
    expect(judgeGasReading({ kind: "oxygen", value: -1 })).toMatchObject({ pass: false, field: "value" });
  });

  it("requires analysis for hot work, confined space and temporary electricity in a hazardous area", () => {
    const need = SPECIAL_WORK_TYPE_CODES.filter((t) => gasAnalysisRequired(t, false));
    expect(need).toEqual(["hot_work", "confined_space"]);
    expect(gasAnalysisRequired("temp_electricity", true)).toBe(true);
    expect(gasAnalysisRequired("height", true)).toBe(false);
  });
});

describe("gas-analysis timing (5.3.1)", () => {
  const now = bj(`${MONDAY}T10:00:00`);
  const at = (offsetMs: number, pass = true, key?: string) => ({ sampledAt: plus(now, -offsetMs), pass, key });

  it("accepts a sample exactly 30 min old and refuses one 30 min + 1 s old", () => {
    expect(gasStartRefusal([at(30 * MIN)], now)).toBeNull();
    expect(gasStartRefusal([at(30 * MIN + 1000)], now)).toMatchObject({ code: "GAS_ANALYSIS_STALE" });
    expect(gasStartRefusal([at(40 * MIN)], now)!.message).toContain("40 分钟");
  });

  it("refuses with no analysis, ignores samples after now, and refuses a failing latest reading", () => {
    expect(gasStartRefusal([], now)).toMatchObject({ code: "GAS_ANALYSIS_MISSING" });
    expect(gasStartRefusal([at(-5 * MIN)], now)).toMatchObject({ code: "GAS_ANALYSIS_MISSING" });
    expect(gasStartRefusal([at(5 * MIN, false)], now)).toMatchObject({ code: "GAS_ANALYSIS_FAILED" });
    // A fresh passing sample after a failing one: the re-test counts.
    expect(gasStartRefusal([at(20 * MIN, false), at(5 * MIN)], now)).toBeNull();
  });

  it("keeps the latest reading of every gas and point: a failing oxygen reading is not hidden by a later combustible one", () => {
    expect(gasStartRefusal([at(10 * MIN, false, "oxygen|A"), at(5 * MIN, true, "combustible|A")], now)).toMatchObject({ code: "GAS_ANALYSIS_FAILED" });
    expect(gasStartRefusal([at(10 * MIN, false, "oxygen|A"), at(8 * MIN, true, "oxygen|A"), at(5 * MIN, true, "combustible|A")], now)).toBeNull();
    // Same instant, two readings of one key: a fail fails.
    expect(gasStartRefusal([at(5 * MIN, true), at(5 * MIN, false)], now)).toMatchObject({ code: "GAS_ANALYSIS_FAILED" });
    // A failing reading older than 30 min no longer counts.
    expect(gasStartRefusal([at(31 * MIN, false, "oxygen|A"), at(5 * MIN, true, "combustible|A")], now)).toBeNull();
  });

  it("needs a new analysis every day: a sample from 23:50 does not let work start at 00:10", () => {
    const midnight = bj("2026-11-24T00:10:00");
    expect(gasStartRefusal([{ sampledAt: bj(`${MONDAY}T23:50:00`), pass: true }], midnight)).toMatchObject({
      code: "GAS_ANALYSIS_STALE",
      message: "每日作业前须重新进行气体分析",
    });
    expect(gasStartRefusal([{ sampledAt: bj("2026-11-24T00:00:00"), pass: true }], midnight)).toBeNull();
  });

  it("needs re-analysis after a break over 30 min (特级/一级) or 60 min (二级, confined space), or on a new day", () => {
    expect(reanalysisGapMin("hot_work", "hot_special")).toBe(30);
    expect(reanalysisGapMin("hot_work", "hot_1")).toBe(30);
    expect(reanalysisGapMin("hot_work", "hot_2")).toBe(60);
    expect(reanalysisGapMin("confined_space", null)).toBe(60);
    expect(reanalysisGapMin("height", "height_2")).toBeNull();
    const s = bj(`${MONDAY}T10:00:00`);
    expect(resumeNeedsAnalysis("hot_work", "hot_1", s, plus(s, 30 * MIN))).toBe(false);
    expect(resumeNeedsAnalysis("hot_work", "hot_1", s, plus(s, 30 * MIN + 1))).toBe(true);
    expect(resumeNeedsAnalysis("hot_work", "hot_2", s, plus(s, 60 * MIN))).toBe(false);
    expect(resumeNeedsAnalysis("hot_work", "hot_2", s, plus(s, 60 * MIN + 1))).toBe(true);
    expect(resumeNeedsAnalysis("confined_space", null, s, plus(s, 60 * MIN))).toBe(false);
    expect(resumeNeedsAnalysis("confined_space", null, s, plus(s, 61 * MIN))).toBe(true);
    expect(resumeNeedsAnalysis("height", "height_4", s, plus(s, 5 * H))).toBe(false);
    expect(resumeNeedsAnalysis("hot_work", "hot_2", bj(`${MONDAY}T23:55:00`), bj("2026-11-24T00:05:00"))).toBe(true);
  });

  it("wants a confined-space record every 2 h while working", () => {
    const start = bj(`${MONDAY}T08:00:00`);
    expect(GAS_TIMING.confinedRecordEveryMin).toBe(120);
    expect(periodicAnalysisOverdueMin("confined_space", null, start, plus(start, 120 * MIN))).toBe(0);
    expect(periodicAnalysisOverdueMin("confined_space", null, start, plus(start, 121 * MIN))).toBe(1);
    expect(periodicAnalysisOverdueMin("confined_space", plus(start, 60 * MIN), start, plus(start, 180 * MIN))).toBe(0);
    expect(periodicAnalysisOverdueMin("confined_space", plus(start, 60 * MIN), start, plus(start, 200 * MIN))).toBe(20);
    // A sample from before the start counts from the start.
    expect(periodicAnalysisOverdueMin("confined_space", plus(start, -20 * MIN), start, plus(start, 125 * MIN))).toBe(5);
    expect(periodicAnalysisOverdueMin("hot_work", null, start, plus(start, 10 * H))).toBe(0);
  });
});

describe("certificates", () => {
  const end = bj("2026-11-25T17:00:00"); // last work day 11-25
  const welder = (validUntil: string, type = "welding_cutting" as const) => ({
    personId: "p1",
    name: "王立新",
    role: "worker" as const,
    certificates: [{ type, number: "T1", validUntil }],
  });

  it("accepts a certificate valid through the last work day and refuses one that expires the day before", () => {
    expect(certificateRefusals("hot_work", [welder("2026-11-25")], end)).toEqual([]);
    expect(certificateRefusals("hot_work", [welder("2026-11-24")], end)).toEqual([
      {
        personId: "p1",
        role: "worker",
        type: "welding_cutting",
        code: "CERTIFICATE_EXPIRED",
        message: "王立新的焊接与热切割作业证书已于 2026-11-24 过期（作业至 2026-11-25）",
      },
    ]);
  });

  it("reads an end at midnight as the day before being the last work day", () => {
    expect(certificateRefusals("hot_work", [welder("2026-11-24")], bj("2026-11-25T00:00:00"))).toEqual([]);
  });

  it("refuses missing certificates for workers and watchmen, and needs none for worker roles that have no requirement", () => {
    const r = certificateRefusals(
      "hot_work",
      [welder("2030-01-01", "electrician" as never), { personId: "w", name: "周海涛", role: "watchman", certificates: [] }],
      end,
    );
    expect(r.map((x) => [x.personId, x.code, x.type])).toEqual([
      ["p1", "CERTIFICATE_MISSING", "welding_cutting"],
      ["w", "CERTIFICATE_MISSING", "watchman"],
    ]);
    expect(certificateRefusals("confined_space", [{ ...welder("2000-01-01"), certificates: [] }], end)).toEqual([]);
    // The best of several certificates of the type counts.
    const two = {
      ...welder("2020-01-01"),
      certificates: [...welder("2020-01-01").certificates, { type: "welding_cutting" as const, number: "T2", validUntil: "2029-01-01" }],
    };
    expect(certificateRefusals("hot_work", [two], end)).toEqual([]);
  });

  it("requires each type's operator certificate and a watchman certificate everywhere", () => {
    expect(CERTIFICATE_REQUIREMENTS.hot_work.worker).toEqual(["welding_cutting"]);
    expect(CERTIFICATE_REQUIREMENTS.height.worker).toEqual(["height_work"]);
    expect(CERTIFICATE_REQUIREMENTS.lifting.worker).toEqual(["crane"]);
    expect(CERTIFICATE_REQUIREMENTS.temp_electricity.worker).toEqual(["electrician"]);
    for (const t of SPECIAL_WORK_TYPE_CODES) expect(CERTIFICATE_REQUIREMENTS[t].watchman).toEqual(["watchman"]);
  });

  it("states expired / expiring / valid against today", () => {
    expect(certificateState("2026-11-22", MONDAY)).toBe("expired");
    expect(certificateState(MONDAY, MONDAY)).toBe("expiring");
    expect(certificateState("2026-12-23", MONDAY)).toBe("expiring");
    expect(certificateState("2026-12-24", MONDAY)).toBe("valid");
    expect(certificateState("2026-11-30", MONDAY, 5)).toBe("valid");
  });
});

describe("approval matrix (Appendix B, Table B.1)", () => {
  it.each([
    ["hot_work", "hot_special", "leader_in_charge"],
    ["hot_work", "hot_1", "safety_dept"],
    ["hot_work", "hot_2", "local_unit"],
    ["confined_space", null, "local_unit"],
    ["blinding", null, "local_unit"],
    ["height", "height_1", "local_unit"],
    ["height", "height_2", "specialist_dept"],
    ["height", "height_3", "specialist_dept"],
    ["height", "height_4", "plant_manager"],
    ["lifting", "lifting_1", "plant_manager"],
    ["lifting", "lifting_2", "specialist_dept"],
    ["lifting", "lifting_3", "specialist_dept"],
    ["temp_electricity", null, "power_unit"],
    ["excavation", null, "specialist_dept"],
    ["road_breaking", null, "specialist_dept"],
  ] as const)("%s %s → %s", (type, grade, level) => {
    expect(requiredApprover(type, grade).level).toBe(level);
  });

  it("lists the co-signing departments of excavation and road breaking", () => {
    expect(requiredApprover("excavation", null).coSign).toEqual(["水", "电", "汽", "工艺", "设备", "消防", "安全"]);
    expect(requiredApprover("road_breaking", null).coSign).toEqual(["消防", "安全"]);
    expect(requiredApprover("hot_work", "hot_1").coSign).toEqual([]);
  });

  it("lets a higher general level approve a lower one, but 特级 only by the leader in charge and electricity only by the power unit", () => {
    const table: Record<ApproverLevel, ApproverLevel[]> = {
      local_unit: ["local_unit", "specialist_dept", "safety_dept", "plant_manager", "leader_in_charge"],
      specialist_dept: ["specialist_dept", "safety_dept", "plant_manager", "leader_in_charge"],
      power_unit: ["power_unit"],
      safety_dept: ["safety_dept", "plant_manager", "leader_in_charge"],
      plant_manager: ["plant_manager", "leader_in_charge"],
      leader_in_charge: ["leader_in_charge"],
    };
    for (const required of APPROVER_LEVEL_CODES)
      for (const held of APPROVER_LEVEL_CODES)
        expect([required, held, holdsApproval([held], required)]).toEqual([required, held, table[required].includes(held)]);
    expect(holdsApproval([], "local_unit")).toBe(false);
    expect(holdsApproval(["power_unit", "local_unit"], "local_unit")).toBe(true);
    // The power unit's rank does not make it a general approver.
    expect(holdsApproval(["power_unit"], "local_unit")).toBe(false);
  });

  it("maps the levels to platform roles by default: only the main leader approves 特级 and Ⅳ/一级", () => {
    expect(DEFAULT_APPROVER_ROLES.leader_in_charge).toEqual(["enterprise_leader"]);
    expect(DEFAULT_APPROVER_ROLES.plant_manager).toEqual(["enterprise_leader"]);
    expect(DEFAULT_APPROVER_ROLES.safety_dept).toContain("enterprise_safety");
  });
});

describe("high-risk work", () => {
  it("counts 特级/一级动火, confined space, Ⅳ级高处 and 一级吊装 only", () => {
    const high: [SpecialWorkType, PermitGrade | null, string | null][] = [
      ["hot_work", "hot_special", "hot_special"],
      ["hot_work", "hot_1", "hot_1"],
      ["hot_work", "hot_2", null],
      ["confined_space", null, "confined_space"],
      ["height", "height_4", "height_4"],
      ["height", "height_3", null],
      ["lifting", "lifting_1", "lifting_1"],
      ["lifting", "lifting_2", null],
      ["blinding", null, null],
      ["temp_electricity", null, null],
      ["excavation", null, null],
      ["road_breaking", null, null],
    ];
    for (const [type, grade, cat] of high) {
      expect([type, grade, highRiskCategory(type, grade)]).toEqual([type, grade, cat]);
      expect(isHighRiskWork(type, grade)).toBe(cat !== null);
    }
  });
});

describe("measures and evidence", () => {
  it("gives every type a numbered checklist starting with the general measures, with photo items", () => {
    for (const t of SPECIAL_WORK_TYPE_CODES) {
      const list = MEASURE_TEMPLATES[t];
      expect(list.map((m) => m.no)).toEqual(list.map((_, i) => i + 1));
      expect(list[0]!.text).toBe("作业人员身体条件符合要求，无职业禁忌证");
      expect(list.some((m) => m.photo)).toBe(true);
    }
    expect(MEASURE_TEMPLATES.hot_work.filter((m) => m.photo).map((m) => m.no)).toEqual([5, 6, 7, 10]);
  });

  it("needs site, measures and watchman photos before the start and the clean site before completion", () => {
    expect(requiredEvidenceNodes("start")).toEqual(["site_before", "measures", "watchman"]);
    expect(requiredEvidenceNodes("complete")).toEqual(["site_after"]);
    expect(EVIDENCE_NODE_CODES).toContain("other");
  });

  it("refuses gallery picks and flags photos taken over 10 min before upload, unknown capture and a clock ahead", () => {
    const received = bj(`${MONDAY}T10:00:00`);
    expect(evidenceCaptureVerdict({ capture: "gallery", takenAt: received, receivedAt: received }).accept).toBe(false);
    expect(evidenceCaptureVerdict({ capture: "camera", takenAt: plus(received, -10 * MIN), receivedAt: received })).toEqual({ accept: true, flag: null });
    expect(evidenceCaptureVerdict({ capture: "camera", takenAt: plus(received, -10 * MIN - 1000), receivedAt: received }).flag).toBe(
      "拍摄时间早于上传 10 分钟，非即时拍摄",
    );
    expect(evidenceCaptureVerdict({ capture: "camera", takenAt: plus(received, -30 * MIN), receivedAt: received }, 60).flag).toBeNull();
    expect(evidenceCaptureVerdict({ capture: "camera", takenAt: null, receivedAt: received })).toEqual({ accept: true, flag: null });
    expect(evidenceCaptureVerdict({ capture: "unknown", takenAt: null, receivedAt: received })).toEqual({ accept: true, flag: "未声明为现场拍摄" });
    expect(evidenceCaptureVerdict({ capture: "camera", takenAt: plus(received, 6 * MIN), receivedAt: received }).flag).toContain("设备时间");
  });
});

describe("life cycle: one transition table", () => {
  const nobody: PermitActorFacts = { userId: "u", manager: false, requester: false, onSite: false, approverLevels: [] };
  const requester = { ...nobody, requester: true };
  const onSite = { ...nobody, onSite: true };
  const manager = { ...nobody, manager: true };
  const safety = { ...nobody, manager: true, approverLevels: ["local_unit", "specialist_dept", "power_unit", "safety_dept"] as ApproverLevel[] };
  const leader = { ...nobody, manager: true, approverLevels: [...APPROVER_LEVEL_CODES] };
  const facts = (status: PermitStatus, level: ApproverLevel = "safety_dept") => ({ status, requiredApprover: level });

  it("moves between the statuses of the table and refuses every other status", () => {
    const expected: Record<PermitAction, [PermitStatus[], PermitStatus]> = {
      submit: [["draft"], "pending_approval"],
      return: [["pending_approval"], "draft"],
      approve: [["pending_approval"], "approved"],
      start: [["approved"], "in_progress"],
      suspend: [["in_progress"], "suspended"],
      resume: [["suspended"], "in_progress"],
      complete: [["in_progress"], "completed"],
      accept: [["completed"], "closed"],
      cancel: [["draft", "pending_approval", "approved", "in_progress", "suspended"], "cancelled"],
    };
    for (const [action, [from, to]] of Object.entries(expected) as [PermitAction, [PermitStatus[], PermitStatus]][]) {
      expect(PERMIT_TRANSITIONS[action].to).toBe(to);
      for (const s of PERMIT_STATUS_CODES) {
        const r = permitRefusal(leader, facts(s), action);
        if (from.includes(s)) expect([action, s, r]).not.toEqual([action, s, "PERMIT_WRONG_STATUS"]);
        else expect([action, s, r]).toEqual([action, s, "PERMIT_WRONG_STATUS"]);
      }
    }
    expect(permitRefusal(leader, facts("closed"), "cancel")).toBe("PERMIT_WRONG_STATUS");
  });

  it("refuses self-approval even to the main leader, and checks the approver's level", () => {
    expect(permitRefusal({ ...leader, requester: true }, facts("pending_approval", "leader_in_charge"), "approve")).toBe("PERMIT_SELF_APPROVAL");
    expect(permitRefusal({ ...leader, requester: true }, facts("pending_approval"), "return")).toBe("PERMIT_SELF_APPROVAL");
    expect(permitRefusal(safety, facts("pending_approval", "leader_in_charge"), "approve")).toBe("PERMIT_APPROVER_LEVEL");
    expect(permitRefusal(leader, facts("pending_approval", "leader_in_charge"), "approve")).toBeNull();
    expect(permitRefusal(safety, facts("pending_approval", "safety_dept"), "approve")).toBeNull();
    expect(permitRefusal(safety, facts("pending_approval", "plant_manager"), "approve")).toBe("PERMIT_APPROVER_LEVEL");
    expect(permitRefusal(manager, facts("pending_approval", "local_unit"), "approve")).toBe("PERMIT_APPROVER_LEVEL");
  });

  it("lets the requester or a manager submit; people on site, the requester or a manager run the work", () => {
    expect(permitRefusal(requester, facts("draft"), "submit")).toBeNull();
    expect(permitRefusal(manager, facts("draft"), "submit")).toBeNull();
    expect(permitRefusal(onSite, facts("draft"), "submit")).toBe("FORBIDDEN");
    expect(permitRefusal(nobody, facts("draft"), "submit")).toBe("FORBIDDEN");
    for (const [action, status] of [
      ["start", "approved"],
      ["suspend", "in_progress"],
      ["resume", "suspended"],
      ["complete", "in_progress"],
    ] as const) {
      for (const a of [requester, onSite, manager]) expect(permitRefusal(a, facts(status), action)).toBeNull();
      expect(permitRefusal(nobody, facts(status), action)).toBe("FORBIDDEN");
    }
    expect(permitRefusal(onSite, facts("approved"), "cancel")).toBeNull();
    expect(permitRefusal(nobody, facts("approved"), "cancel")).toBe("FORBIDDEN");
  });

  it("accepts completion by a manager or an approver of the level, not by a requester who is neither", () => {
    expect(permitRefusal(manager, facts("completed"), "accept")).toBeNull();
    expect(permitRefusal({ ...nobody, approverLevels: ["safety_dept"] }, facts("completed"), "accept")).toBeNull();
    expect(permitRefusal({ ...requester, approverLevels: ["safety_dept"] }, facts("completed"), "accept")).toBe("FORBIDDEN");
    expect(permitRefusal(onSite, facts("completed"), "accept")).toBe("FORBIDDEN");
  });

  it("lists the actions an actor may take", () => {
    expect(permitActions(requester, facts("draft"))).toEqual(["submit", "cancel"]);
    expect(permitActions(leader, facts("pending_approval"))).toEqual(["return", "approve", "cancel"]);
    expect(permitActions({ ...leader, requester: true }, facts("pending_approval"))).toEqual(["cancel"]);
    expect(permitActions(onSite, facts("in_progress"))).toEqual(["suspend", "complete", "cancel"]);
    expect(permitActions(nobody, facts("closed"))).toEqual([]);
  });

  it("numbers permits by type, Beijing date and sequence", () => {
    expect(permitCode("hot_work", bj("2026-12-07T00:30:00"), 1)).toBe("DH-20261207-0001");
    expect(permitCode("confined_space", new Date("2026-12-06T16:00:00Z"), 12)).toBe("SX-20261207-0012");
    expect(permitCode("road_breaking", bj(`${MONDAY}T23:59:59`), 9999)).toBe("DL-20261123-9999");
  });
});
