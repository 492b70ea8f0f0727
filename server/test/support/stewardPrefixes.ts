/**
 * API prefixes whose scope matrix lives in its own file (server/test/scope-<feature>.test.ts) rather than in
 * scope-matrix.test.ts. Each of those files asserts that every route under its prefixes is covered; the main matrix
 * covers everything else.
 */
export const SATELLITE_MATRIX_PREFIXES = {
  permits: ["/api/permits"],
  personnel: ["/api/personnel", "/api/certificates", "/api/teams"],
  training: ["/api/courses", "/api/questions", "/api/exams", "/api/exam-attempts", "/api/training"],
  briefings: ["/api/briefings"],
  duties: ["/api/duties", "/api/duty-alarms"],
} as const;

export const satelliteOwner = (url: string): string | null => {
  for (const [k, list] of Object.entries(SATELLITE_MATRIX_PREFIXES)) if (list.some((p) => url === p || url.startsWith(`${p}/`))) return k;
  return null;
};

/** The demo roles and what they may do, as in scope-matrix.test.ts: inside/outside fixture keys and write rights. */
export const MATRIX_ROLES = {
  admin: { inside: "entA", outside: null, write: true },
  "zj.yjj": { inside: "entA", outside: "nanjing", write: false },
  "jr.yjj": { inside: "entB", outside: "entA", write: false },
  "baohua.ajb": { inside: "entB", outside: "jurongOther", write: false },
  "zj.sw": { inside: "catering", outside: "entA", write: false },
  "ent.a": { inside: "entA", outside: "entB", write: true },
  "ent.b": { inside: "entB", outside: "entA", write: true },
  expert1: { inside: "entA", outside: "entB", write: false },
} as const;
