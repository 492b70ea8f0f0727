/** UI strings of the `alarms` block of zh.ts / en.ts (kept here so the shared files take one line each). */

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const alarmsZh = {
  alarms: {
    title: "报警处置",
    detail: "报警详情",
  },
};

export const alarmsEn: Shape<typeof alarmsZh> = {
  alarms: {
    title: "Alarms",
    detail: "Alarm",
  },
};
