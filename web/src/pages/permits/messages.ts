/** UI strings of the `permits` block of zh.ts / en.ts (kept here so the shared files take one line each). */

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const permitsZh = {
  permits: {
    title: "特殊作业票",
    today: "今日作业",
    highRisk: "今日高风险作业",
    approvers: "审批人设置",
    new: "申请作业票",
    detail: "作业票详情",
  },
};

export const permitsEn: Shape<typeof permitsZh> = {
  permits: {
    title: "Special-work permits",
    today: "Today's work",
    highRisk: "High-risk work today",
    approvers: "Approvers",
    new: "Apply for a permit",
    detail: "Permit",
  },
};
