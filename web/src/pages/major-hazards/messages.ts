/** UI strings of the `majorHazards` block of zh.ts / en.ts (kept here so the shared files take one line each). */

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const majorHazardsZh = {
  majorHazards: {
    title: "重大危险源",
    new: "新增单元",
    detail: "单元详情",
    edit: "编辑单元",
  },
};

export const majorHazardsEn: Shape<typeof majorHazardsZh> = {
  majorHazards: {
    title: "Major hazard sources",
    new: "New unit",
    detail: "Unit",
    edit: "Edit unit",
  },
};
