/** UI strings of the `monitoring` block of zh.ts / en.ts (kept here so the shared files take one line each). */

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const monitoringZh = {
  monitoring: {
    title: "监测预警",
    dutyTitle: "值班值守",
    sensorsTitle: "监测点位",
    sensorDetail: "点位详情",
  },
};

export const monitoringEn: Shape<typeof monitoringZh> = {
  monitoring: {
    title: "Monitoring",
    dutyTitle: "Duty screen",
    sensorsTitle: "Sensors",
    sensorDetail: "Sensor",
  },
};
