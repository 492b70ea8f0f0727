/** UI strings of the safety-steward blocks (personnel, briefings, duties, training) of zh.ts / en.ts. */

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const stewardZh = {
  personnel: { title: "人员台账", detail: "人员详情" },
  briefings: { title: "班前教育", new: "开展班前教育" },
  duties: { title: "履职事项", summary: "企业履职情况" },
  training: { title: "安全学习", exam: "在线考试" },
};

export const stewardEn: Shape<typeof stewardZh> = {
  personnel: { title: "Personnel", detail: "Person" },
  briefings: { title: "Pre-shift briefings", new: "Hold a briefing" },
  duties: { title: "Legal duties", summary: "Duty fulfilment" },
  training: { title: "Safety learning", exam: "Exam" },
};
