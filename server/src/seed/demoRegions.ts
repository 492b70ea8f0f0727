/**
 * Demo jurisdiction (演示辖区): 江苏省 → 镇江市 → its county-level units, the 镇江新区 development zone,
 * their townships/streets (乡镇街道) and a few villages/communities (村社区) under 句容市宝华镇.
 *
 * County-level codes are the real GB/T 2260 codes. Township and village codes follow the real scheme
 * (parent code + 3 digits; 0xx = street/community, 1xx = town, 2xx = village) but the exact digits are
 * assigned by us — they are demo data, not an authoritative registry. 镇江新区 carries the code 321191,
 * which we assign. Coordinates are approximate centres (WGS-84, ± a few km).
 */
import type { RegionLevel } from "@anguan/domain";

export interface RegionSeed {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  lat?: number;
  lng?: number;
}

export const PROVINCE_CODE = "320000";
export const DEMO_CITY_CODE = "321100";
export const JURONG_CODE = "321183";
/** 句容市宝华镇 — fixed; other seeds and tests refer to it. */
export const BAOHUA_CODE = "321183103";
/** 镇江新区 (development zone, code assigned by us). */
export const NEW_AREA_CODE = "321191";

type Row = readonly [code: string, name: string, lat: number, lng: number];

function children(level: RegionLevel, parentCode: string, rows: readonly Row[]): RegionSeed[] {
  return rows.map(([code, name, lat, lng]) => ({ code, name, level, parentCode, lat, lng }));
}

const COUNTIES: readonly Row[] = [
  ["321102", "京口区", 32.198, 119.47],
  ["321111", "润州区", 32.195, 119.41],
  ["321112", "丹徒区", 32.131, 119.434],
  ["321181", "丹阳市", 32.0, 119.575],
  ["321182", "扬中市", 32.237, 119.797],
  ["321183", "句容市", 31.95, 119.17],
];

const TOWNSHIPS: Readonly<Record<string, readonly Row[]>> = {
  // 京口区
  "321102": [
    ["321102001", "大市口街道", 32.205, 119.455],
    ["321102002", "正东路街道", 32.213, 119.463],
    ["321102003", "健康路街道", 32.199, 119.447],
    ["321102004", "四牌楼街道", 32.194, 119.463],
    ["321102005", "象山街道", 32.22, 119.5],
    ["321102006", "谏壁街道", 32.165, 119.58],
    ["321102007", "丁卯街道", 32.172, 119.49],
  ],
  // 润州区
  "321111": [
    ["321111001", "和平路街道", 32.211, 119.43],
    ["321111002", "宝塔路街道", 32.2, 119.42],
    ["321111003", "金山街道", 32.222, 119.41],
    ["321111004", "七里甸街道", 32.181, 119.41],
    ["321111005", "蒋乔街道", 32.19, 119.37],
    ["321111006", "官塘桥街道", 32.192, 119.397],
    ["321111007", "韦岗街道", 32.228, 119.33],
  ],
  // 丹徒区
  "321112": [
    ["321112001", "宜城街道", 32.12, 119.44],
    ["321112002", "高资街道", 32.17, 119.28],
    ["321112100", "辛丰镇", 32.05, 119.49],
    ["321112101", "谷阳镇", 32.08, 119.38],
    ["321112102", "上党镇", 32.04, 119.32],
    ["321112103", "宝堰镇", 31.96, 119.35],
    ["321112104", "世业镇", 32.24, 119.3],
    ["321112105", "高桥镇", 32.27, 119.56],
  ],
  // 丹阳市
  "321181": [
    ["321181001", "云阳街道", 32.0, 119.57],
    ["321181002", "曲阿街道", 31.99, 119.6],
    ["321181100", "司徒镇", 31.94, 119.49],
    ["321181101", "延陵镇", 31.86, 119.5],
    ["321181102", "珥陵镇", 31.9, 119.58],
    ["321181103", "皇塘镇", 31.85, 119.62],
    ["321181104", "吕城镇", 31.93, 119.76],
    ["321181105", "陵口镇", 31.97, 119.7],
    ["321181106", "访仙镇", 32.05, 119.69],
    ["321181107", "界牌镇", 32.07, 119.74],
    ["321181108", "丹北镇", 32.1, 119.65],
  ],
  // 扬中市
  "321182": [
    ["321182001", "三茅街道", 32.237, 119.8],
    ["321182002", "兴隆街道", 32.2, 119.83],
    ["321182100", "新坝镇", 32.28, 119.83],
    ["321182101", "油坊镇", 32.17, 119.87],
    ["321182102", "八桥镇", 32.14, 119.86],
    ["321182103", "西来桥镇", 32.08, 119.9],
  ],
  // 句容市
  "321183": [
    ["321183001", "华阳街道", 31.95, 119.17],
    ["321183002", "崇明街道", 31.94, 119.2],
    ["321183003", "黄梅街道", 31.93, 119.13],
    ["321183100", "下蜀镇", 32.13, 119.22],
    ["321183101", "白兔镇", 31.99, 119.27],
    ["321183102", "边城镇", 32.05, 119.26],
    ["321183103", "宝华镇", 32.13, 119.08],
    ["321183104", "茅山镇", 31.78, 119.3],
    ["321183105", "后白镇", 31.87, 119.1],
    ["321183106", "郭庄镇", 31.83, 119.18],
    ["321183107", "天王镇", 31.76, 119.22],
  ],
  // 镇江新区
  "321191": [
    ["321191001", "大港街道", 32.21, 119.68],
    ["321191100", "丁岗镇", 32.15, 119.66],
    ["321191101", "大路镇", 32.23, 119.74],
    ["321191102", "姚桥镇", 32.21, 119.78],
  ],
};

const BAOHUA_VILLAGES: readonly Row[] = [
  ["321183103001", "宝华社区", 32.128, 119.082],
  ["321183103002", "鸿堰社区", 32.12, 119.07],
  ["321183103003", "仙林东社区", 32.115, 119.058],
  ["321183103201", "仓头村", 32.145, 119.1],
  ["321183103202", "和平村", 32.138, 119.062],
];

export const DEMO_REGIONS: readonly RegionSeed[] = [
  { code: PROVINCE_CODE, name: "江苏省", level: "province", parentCode: null, lat: 32.06, lng: 118.78 },
  { code: DEMO_CITY_CODE, name: "镇江市", level: "city", parentCode: PROVINCE_CODE, lat: 32.19, lng: 119.43 },
  ...children("county", DEMO_CITY_CODE, COUNTIES),
  { code: NEW_AREA_CODE, name: "镇江新区", level: "zone", parentCode: DEMO_CITY_CODE, lat: 32.2, lng: 119.7 },
  ...Object.entries(TOWNSHIPS).flatMap(([parent, rows]) => children("township", parent, rows)),
  ...children("village", BAOHUA_CODE, BAOHUA_VILLAGES),
];
