/** UI strings of the `monitoringReports` block of zh.ts / en.ts (kept here so the shared files take one line each). */

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const monitoringReportsZh = {
  monitoringReports: {
    title: "监测报告",
  },
};

export const monitoringReportsEn: Shape<typeof monitoringReportsZh> = {
  monitoringReports: {
    title: "Monitoring reports",
  },
};
