/**
 * Safety learning (安全学习) and the personnel registry (人员台账) as plain rules: the 三项岗位 key groups and the
 * certificates that make each of them qualified, certificate states of a person, exam questions (single, multiple,
 * true/false) with their validation, scoring (multiple choice all-or-nothing) and pass/fail, the seeded shuffle of
 * question and option order, the exam time limit with its grace, and the 身份证号 check (GB 11643-1999) and masking.
 */
import { CERTIFICATE_TYPES, certificateState, type CertificateType } from "./gb30871";

// ---------------------------------------------------------------------------------------------------------------
// Key groups (三项岗位人员)

/**
 * 三项岗位人员: the main leader and the safety managers (考核合格证, 安全生产法 第二十七条) and the special-operation
 * personnel (特种作业操作证, 第三十条). Each is qualified by a certificate of one of `certificateTypes`.
 */
export const KEY_GROUPS = {
  main_leader: { zh: "主要负责人", en: "Principal (main leader)", certificateTypes: ["main_leader"] },
  safety_manager: { zh: "安全生产管理人员", en: "Safety manager", certificateTypes: ["safety_manager"] },
  special_operation: {
    zh: "特种作业人员",
    en: "Special-operation personnel",
    certificateTypes: (Object.keys(CERTIFICATE_TYPES) as CertificateType[]).filter((t) => CERTIFICATE_TYPES[t].special),
  },
} as const satisfies Record<string, { zh: string; en: string; certificateTypes: readonly CertificateType[] }>;
export type KeyGroup = keyof typeof KEY_GROUPS;
export const KEY_GROUP_CODES = Object.keys(KEY_GROUPS) as KeyGroup[];

export type CertState = "valid" | "expiring" | "expired";

interface HeldCertificate {
  type: string;
  validUntil: string;
}

/**
 * Whether a key-group person holds the group's certificate: the latest certificate of any of the group's types
 * decides (valid / expiring within `warnDays` / expired); none at all is "missing".
 */
export function keyGroupState(group: KeyGroup, certs: readonly HeldCertificate[], today: string, warnDays = 30): CertState | "missing" {
  const types: readonly string[] = KEY_GROUPS[group].certificateTypes;
  const latest = certs
    .filter((c) => types.includes(c.type))
    .map((c) => c.validUntil)
    .sort()
    .at(-1);
  return latest === undefined ? "missing" : certificateState(latest, today, warnDays);
}

/** Certificates of a person superseded by a later-valid one of the same type (a renewal): they raise no reminder. */
export function supersededCertificates<T extends HeldCertificate & { id: string }>(certs: readonly T[]): Set<string> {
  return new Set(certs.filter((c) => certs.some((o) => o.type === c.type && o.validUntil > c.validUntil)).map((c) => c.id));
}

/**
 * A person's certificate state: the worst state among the latest certificate of each type they hold (an old
 * certificate renewed by a newer one of the same type no longer counts); "none" when they hold none.
 * Equivalently: the state of the earliest of the per-type latest validity dates.
 */
export function personCertState(certs: readonly HeldCertificate[], today: string, warnDays = 30): CertState | "none" {
  const latest = new Map<string, string>();
  for (const c of certs) if ((latest.get(c.type) ?? "") < c.validUntil) latest.set(c.type, c.validUntil);
  const earliest = [...latest.values()].sort()[0];
  return earliest === undefined ? "none" : certificateState(earliest, today, warnDays);
}

// ---------------------------------------------------------------------------------------------------------------
// 身份证号 (GB 11643-1999 公民身份号码)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** The check character of the first 17 digits: Σ(aᵢ·Wᵢ) mod 11 → 1 0 X 9 8 7 6 5 4 3 2 (GB 11643-1999 §5.2). */
export function idNumberCheckChar(first17: string): string {
  const sum = first17.split("").reduce((acc, d, i) => acc + Number(d) * ID_WEIGHTS[i]!, 0);
  return ID_CHECK[sum % 11]!;
}

/**
 * Checks an 18-character 公民身份号码: 17 digits (address code, birth date YYYYMMDD, sequence) and the check character.
 * Returns the normalised number (upper-case X) or a Chinese message saying what is wrong.
 */
export function checkIdNumber(raw: string): { ok: true; value: string } | { ok: false; message: string } {
  const v = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, message: "身份证号应为 18 位（17 位数字加 1 位数字或 X）" };
  if (v[0] === "0") return { ok: false, message: "身份证号的地址码无效" };
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) {
    return { ok: false, message: "身份证号中的出生日期无效" };
  }
  if (idNumberCheckChar(v.slice(0, 17)) !== v[17]) return { ok: false, message: "身份证号校验位不正确，请核对" };
  return { ok: true, value: v };
}

/** Masked form kept in the registry: the first 6 and the last 4 characters (321102********0018). */
export function maskIdNumber(idNumber: string): string {
  const v = idNumber.trim().toUpperCase();
  return `${v.slice(0, 6)}${"*".repeat(Math.max(0, v.length - 10))}${v.slice(-4)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Questions and exams

export const QUESTION_KINDS = {
  single: { zh: "单选题", en: "Single choice" },
  multiple: { zh: "多选题", en: "Multiple choice" },
  judge: { zh: "判断题", en: "True / false" },
} as const;
export type QuestionKind = keyof typeof QUESTION_KINDS;
export const QUESTION_KIND_CODES = Object.keys(QUESTION_KINDS) as QuestionKind[];

export interface QuestionOption {
  key: string;
  text: string;
}

/** A true/false question always has these two options. */
export const JUDGE_OPTIONS: readonly QuestionOption[] = [
  { key: "T", text: "正确" },
  { key: "F", text: "错误" },
];

/**
 * Validates a question and returns it normalised (judge options fixed, answer keys deduplicated and in option
 * order), or the problems by field: single → at least 2 options and exactly 1 answer; multiple → at least 2 options
 * and at least 1 answer; judge → answer T or F. Answer keys must be among the option keys; option keys unique.
 */
export function validateQuestion(q: {
  kind: QuestionKind;
  options: readonly QuestionOption[];
  answer: readonly string[];
}): { ok: true; options: QuestionOption[]; answer: string[] } | { ok: false; problems: { field: string; message: string }[] } {
  const problems: { field: string; message: string }[] = [];
  const options = q.kind === "judge" ? JUDGE_OPTIONS.map((o) => ({ ...o })) : q.options.map((o) => ({ key: o.key.trim(), text: o.text.trim() }));
  const keys = options.map((o) => o.key);
  if (q.kind !== "judge") {
    if (options.length < 2) problems.push({ field: "options", message: `${QUESTION_KINDS[q.kind].zh}至少需要 2 个选项` });
    if (keys.some((k) => k === "")) problems.push({ field: "options", message: "选项标识不能为空" });
    if (options.some((o) => o.text === "")) problems.push({ field: "options", message: "选项内容不能为空" });
    if (new Set(keys).size !== keys.length) problems.push({ field: "options", message: "选项标识不能重复" });
  }
  const given = [...new Set(q.answer.map((a) => (q.kind === "judge" ? a.trim().toUpperCase() : a.trim())))];
  const unknown = given.filter((a) => !keys.includes(a));
  if (unknown.length) problems.push({ field: "answer", message: `答案 ${unknown.join("、")} 不在选项中` });
  else if (q.kind === "multiple" ? given.length < 1 : given.length !== 1) {
    problems.push({ field: "answer", message: q.kind === "multiple" ? "多选题至少需要 1 个正确答案" : `${QUESTION_KINDS[q.kind].zh}只能有 1 个正确答案` });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, options, answer: keys.filter((k) => given.includes(k)) };
}

/** Is a given answer right? Same set of keys as the answer; multiple choice is all-or-nothing (no partial credit). */
export function isAnswerCorrect(kind: QuestionKind, answer: readonly string[], given: readonly string[] | undefined): boolean {
  if (!given) return false;
  const g = new Set(given);
  const a = new Set(answer);
  if (kind !== "multiple" && g.size !== 1) return false;
  return g.size === a.size && [...g].every((k) => a.has(k));
}

export interface ScoredQuestion {
  id: string;
  kind: QuestionKind;
  answer: readonly string[];
  points: number;
}

export interface ExamScore {
  score: number;
  totalPoints: number;
  passMark: number;
  passed: boolean;
  results: { questionId: string; correct: boolean; answer: string[]; given: string[]; points: number }[];
}

/** Total points of an exam's questions. */
export const examTotalPoints = (questions: readonly { points: number }[]) => questions.reduce((s, q) => s + q.points, 0);

/** Scores an attempt: each question's points when right, nothing otherwise; passed when score ≥ passMark. */
export function scoreExam(questions: readonly ScoredQuestion[], answers: Readonly<Record<string, readonly string[]>>, passMark: number): ExamScore {
  const results = questions.map((q) => {
    const given = answers[q.id] ? [...new Set(answers[q.id])] : [];
    const correct = isAnswerCorrect(q.kind, q.answer, answers[q.id]);
    return { questionId: q.id, correct, answer: [...q.answer], given, points: correct ? q.points : 0 };
  });
  const score = results.reduce((s, r) => s + r.points, 0);
  return { score, totalPoints: examTotalPoints(questions), passMark, passed: score >= passMark, results };
}

/** The training-record line of an exam result: "合格 85 分" / "不合格 60 分". */
export const examResultText = (score: number, passed: boolean) => `${passed ? "合格" : "不合格"} ${score} 分`;

/** Submissions are accepted up to one minute after the deadline (network and clock skew). */
export const EXAM_GRACE_MS = 60_000;

export const examDeadline = (startedAt: Date, timeLimitMin: number) => new Date(startedAt.getTime() + timeLimitMin * 60_000);

/** Is a submission at `at` too late for this deadline (past the grace)? */
export const examTimeOver = (deadline: Date, at: Date, graceMs = EXAM_GRACE_MS) => at.getTime() > deadline.getTime() + graceMs;

// ---------------------------------------------------------------------------------------------------------------
// Seeded shuffle (question and option order per attempt)

/** A 32-bit seed from a string (cyrb53-style mixing, low 32 bits). */
function seedOf(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** mulberry32: a small, fast PRNG with good spread for shuffling. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A permutation of `items` determined by `seed` (Fisher–Yates): the same seed always gives the same order. */
export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  const out = [...items];
  const rand = mulberry32(seedOf(seed));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The options of a question as one attempt shows them: shuffled by the attempt and question when the exam shuffles;
 * true/false keeps 正确 before 错误.
 */
export function attemptOptions(
  kind: QuestionKind,
  options: readonly QuestionOption[],
  attemptId: string,
  questionId: string,
  shuffle: boolean,
): QuestionOption[] {
  if (!shuffle || kind === "judge") return [...options];
  return seededShuffle(options, `${attemptId}:${questionId}`);
}
