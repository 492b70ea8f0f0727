/**
 * Administrative divisions (行政区划代码): 6 digits down to county level, 9 to township/street, 12 to village/community.
 * Development zones and chemical parks (开发区、化工园区) are regions of their own with their own safety offices;
 * they carry a code we assign (6 or 9 digits) and sit in the tree under the city that runs them.
 */
export const REGION_LEVELS = {
  province: { zh: "省", en: "Province", digits: 6 },
  city: { zh: "市", en: "City", digits: 6 },
  county: { zh: "区县", en: "District/county", digits: 6 },
  zone: { zh: "开发区/园区", en: "Development zone / park", digits: 6 },
  township: { zh: "乡镇街道", en: "Township/street", digits: 9 },
  village: { zh: "村社区", en: "Village/community", digits: 12 },
} as const;
export type RegionLevel = keyof typeof REGION_LEVELS;

export const REGION_CODE_PATTERN = /^(\d{6}|\d{9}|\d{12})$/;

export function isRegionCode(code: string): boolean {
  return REGION_CODE_PATTERN.test(code);
}

/** Level implied by the code's shape alone (zones need the registry to be told apart from counties). */
export function regionLevelOfCode(code: string): RegionLevel | null {
  if (!isRegionCode(code)) return null;
  if (code.length === 12) return "village";
  if (code.length === 9) return "township";
  if (code.endsWith("0000")) return "province";
  if (code.endsWith("00")) return "city";
  return "county";
}

/**
 * A region's path is the chain of codes from the root, joined by '/', with a trailing '/'
 * (e.g. "320000/321100/321183/321183102/"). A subtree is every path that starts with the root's path.
 */
export function regionPath(ancestorsAndSelf: readonly string[]): string {
  return `${ancestorsAndSelf.join("/")}/`;
}

export function isInSubtree(path: string, rootPath: string): boolean {
  return path.startsWith(rootPath);
}
