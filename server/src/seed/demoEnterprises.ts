/**
 * Demo enterprises (演示企业): a deterministic, believable enterprise register for the demo jurisdiction.
 *
 * Everything is drawn from a seeded PRNG (mulberry32), so the same options always give the same output.
 * All names, credit codes, people and phone numbers are fictional; any likeness to a real entity is chance.
 * Every `input` passes `enterpriseInputSchema`, every licence `licenceInputSchema`, every contact
 * `contactInputSchema`, unchanged.
 */
import {
  CREDIT_CODE_CHARSET,
  type ContactInput,
  type EnterpriseInput,
  type LicenceInput,
  type LicenceType,
  makeCreditCode,
  type OperatingStatus,
  type Sector,
  type SupervisionLevel,
} from "@anguan/domain";
import { DEMO_REGIONS, type RegionSeed } from "./demoRegions";
import {
  SURNAMES,
  GIVEN_NAMES,
  MOBILE_PREFIXES,
  TRADE_A,
  TRADE_B,
  LOCALITIES,
  ROADS,
  ORDINALS,
  ENDINGS,
  DANYANG_LIGHT,
  YANGZHONG_MACHINERY,
  ZHENJIANG_LIGHT,
  SECTOR_DECK,
  EMPLOYEES,
  INDUSTRIAL,
  HAZCHEM,
  STD_CODES,
  PROCESS_POOL,
} from "./demoWords";

export interface DemoEnterprise {
  key: string;
  input: EnterpriseInput;
  licences: LicenceInput[];
  contacts: ContactInput[];
}

export const DEMO_ENT_A_KEY = "ent-a";
export const DEMO_ENT_B_KEY = "ent-b";
export const DEMO_ENT_CATERING_KEY = "ent-catering";
export const DEMO_ENT_RETAIL_KEY = "ent-retail";
export const DEMO_ENT_BAOHUA_2_KEY = "ent-baohua-2";
export const DEMO_DEFAULT_SEED = 20261123;

// ---------------------------------------------------------------------------------------------
// Random numbers

/** mulberry32: a tiny, fast, seedable 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** Log-uniform integer in [min, max]: many small, few large. */
  logInt(min: number, max: number): number {
    return Math.round(Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min))));
  }
  digits(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += String(Math.floor(this.next() * 10));
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Dates (all UTC, day numbers since the epoch)

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`invalid date ${iso}, expected YYYY-MM-DD`);
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) throw new Error(`invalid date ${iso}`);
  return ms / DAY_MS;
}

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const YEAR_DAYS = 365;

// ---------------------------------------------------------------------------------------------
// Region context

interface TownCtx {
  region: RegionSeed;
  countyCode: string;
  countyName: string;
  townShort: string;
  /** Name prefixes, e.g. ["丹阳市", "丹阳", "丹阳市界牌"]. */
  prefixes: readonly string[];
  /** Full prefix used in addresses and licence issuers, e.g. "镇江市京口区", "镇江新区", "句容市". */
  adminPrefix: string;
  cityName: string;
  lat: number | null;
  lng: number | null;
}

function buildTownCtx(region: RegionSeed, byCode: ReadonlyMap<string, RegionSeed>): TownCtx {
  const county = region.parentCode ? byCode.get(region.parentCode) : undefined;
  const city = county?.parentCode ? byCode.get(county.parentCode) : undefined;
  const cityName = city?.name ?? "";
  const cityShort = cityName.replace(/市$/, "");
  const countyName = county?.name ?? "";
  const townShort = region.name.replace(/(街道|镇|乡)$/, "") || region.name;
  let prefixes: string[];
  let adminPrefix: string;
  if (county?.level === "zone") {
    prefixes = [cityShort || countyName, countyName];
    adminPrefix = countyName;
  } else if (countyName.endsWith("区")) {
    prefixes = [cityShort || countyName, `${cityName}${countyName}`];
    adminPrefix = `${cityName}${countyName}`;
  } else {
    const short = countyName.replace(/(市|县)$/, "");
    prefixes = [countyName, short || countyName, `${countyName}${townShort}`];
    adminPrefix = countyName;
  }
  prefixes = prefixes.filter((p) => p.length > 0);
  if (prefixes.length === 0) prefixes = [townShort];
  return {
    region,
    countyCode: region.code.slice(0, 6),
    countyName,
    townShort,
    prefixes,
    adminPrefix,
    cityName,
    lat: region.lat ?? county?.lat ?? null,
    lng: region.lng ?? county?.lng ?? null,
  };
}

const URBAN_COUNTIES = new Set(["321102", "321111"]);

/** Relative likelihood of a sector's enterprise being in a township. */
function townWeight(sector: Sector, t: TownCtx): number {
  const c = t.countyCode;
  let w = c === "321183" || c === "321191" || c === "321181" ? 1.5 : 1;
  const urbanCore = URBAN_COUNTIES.has(c) && t.region.name.endsWith("街道");
  const street = t.region.name.endsWith("街道");
  if (INDUSTRIAL.has(sector) && urbanCore) w *= 0.15;
  switch (sector) {
    case "hazchem_production":
    case "hazchem_use":
      if (c === "321191") w *= 4;
      break;
    case "non_coal_mine":
      if (c === "321183" || c === "321112") w *= 3;
      else if (c === "321182" || c === "321191" || URBAN_COUNTIES.has(c)) w *= 0.05;
      break;
    case "textile":
    case "light_industry":
      if (c === "321181") w *= 2;
      break;
    case "machinery":
      if (c === "321182") w *= 2.5;
      else if (c === "321181") w *= 1.3;
      break;
    case "logistics_warehousing":
      if (c === "321183" || c === "321191") w *= 1.5;
      break;
    case "commerce":
    case "catering":
    case "school":
    case "elderly_care":
    case "other":
      if (street) w *= 1.8;
      break;
    default:
      break;
  }
  return w;
}

class WeightedPicker<T> {
  private readonly cum: Float64Array;
  private readonly total: number;
  constructor(
    private readonly items: readonly T[],
    weight: (item: T) => number,
  ) {
    this.cum = new Float64Array(items.length);
    let sum = 0;
    items.forEach((item, i) => {
      sum += Math.max(0, weight(item));
      this.cum[i] = sum;
    });
    this.total = sum;
  }
  pick(rng: Rng): T {
    const x = rng.float() * this.total;
    let lo = 0;
    let hi = this.items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cum[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

// ---------------------------------------------------------------------------------------------
// Credit codes: unique by construction (the last 6 body characters are a bijection of the index)

const B31_6 = 31 ** 6;
const MUL31 = 123_456_791; // not a multiple of 31 → bijective mod 31^6
const MUL10 = 740_191; // coprime with 10 → bijective mod 10^6
const OLD_STYLE_LIMIT = 1_000_000;

function base31(n: number, width: number): string {
  let s = "";
  for (let i = 0; i < width; i++) {
    s = CREDIT_CODE_CHARSET.charAt(n % 31) + s;
    n = Math.floor(n / 31);
  }
  return s;
}

/**
 * Organisation-code body (8 chars). Registered since the 2015 reform → "MA" + 6 chars (base 31);
 * before → 8 digits (older GB 11714 codes). Both styles are injective in the index and cannot collide
 * with each other (digits vs. "MA").
 */
function orgBody(index: number, newStyle: boolean, rng: Rng): string {
  if (index >= B31_6) throw new Error("too many demo enterprises for unique credit codes");
  if (newStyle || index >= OLD_STYLE_LIMIT) return `MA${base31((index * MUL31 + 4_194_301) % B31_6, 6)}`;
  const tail = String((index * MUL10 + 318_407) % 1_000_000).padStart(6, "0");
  return `${rng.int(1, 9)}${rng.digits(1)}${tail}`;
}

// ---------------------------------------------------------------------------------------------
// Generator

export interface GenerateDemoEnterprisesOptions {
  count: number;
  seed?: number;
  /** Reference date (YYYY-MM-DD); licence validity is spread around it. */
  today: string;
  regions?: readonly RegionSeed[];
}

type Authority = "91" | "12" | "52";

interface Draft {
  key: string;
  sector: Sector;
  town: TownCtx;
  name: string;
  authority: Authority;
  employees: number;
  isAboveScale: boolean;
  established: number;
  status: OperatingStatus;
  supervisionLevel: SupervisionLevel;
  hasMajorHazard: boolean;
  hazardousProcesses: number[];
}

export function generateDemoEnterprises(opts: GenerateDemoEnterprisesOptions): DemoEnterprise[] {
  const count = Math.max(0, Math.floor(opts.count));
  const rng = new Rng(opts.seed ?? DEMO_DEFAULT_SEED);
  const today = dayNumber(opts.today);
  const regions = opts.regions ?? DEMO_REGIONS;
  const byCode = new Map(regions.map((r) => [r.code, r] as const));
  const towns = regions.filter((r) => r.level === "township").map((r) => buildTownCtx(r, byCode));
  if (towns.length === 0) throw new Error("generateDemoEnterprises needs at least one township region");
  const townByCode = new Map(towns.map((t) => [t.region.code, t] as const));
  const pickers = new Map<Sector, WeightedPicker<TownCtx>>();
  const townPicker = (sector: Sector) => {
    let p = pickers.get(sector);
    if (!p) {
      p = new WeightedPicker(towns, (t) => townWeight(sector, t));
      pickers.set(sector, p);
    }
    return p;
  };
  /** A preferred township, or the first township of the preferred county, or any township. */
  const fixedTown = (code: string): TownCtx => townByCode.get(code) ?? towns.find((t) => t.region.code.startsWith(code.slice(0, 6))) ?? (towns[0] as TownCtx);

  const names = new Set<string>();
  const seq: Partial<Record<LicenceType | "food", number>> = {};
  const nextSeq = (k: LicenceType | "food") => {
    const n = (seq[k] ?? 0) + 1;
    seq[k] = n;
    return n;
  };
  // Low-discrepancy sequence for licence expiry categories: proportions hold even for small outputs.
  let weyl = rng.float();
  const expiryDraw = () => {
    weyl = (weyl + 0.6180339887498949) % 1;
    return weyl;
  };

  const person = () => `${rng.pick(SURNAMES)}${rng.pick(GIVEN_NAMES)}`;
  const mobile = () => `${rng.pick(MOBILE_PREFIXES)}${rng.digits(8)}`;
  const landline = () => `0511-${rng.int(5, 8)}${rng.digits(7)}`;
  const trade = () => {
    const a = rng.pick(TRADE_A);
    let b = rng.pick(TRADE_B);
    while (b === a) b = rng.pick(TRADE_B);
    return a + b;
  };
  const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

  function build(d: Draft, index: number, extraLicences: LicenceInput[] | null): DemoEnterprise {
    const t = d.town;
    const newStyle = d.established >= dayNumber("2015-10-01");
    const creditCode = makeCreditCode(d.authority, t.countyCode, orgBody(index, newStyle, rng));
    const legalRepresentative = person();
    const mainLeader = rng.chance(0.6) ? legalRepresentative : person();
    let safetyManager = person();
    while (safetyManager === mainLeader) safetyManager = person();
    const safetyManagerPhone = mobile();
    const road = rng.chance(0.3) ? `${t.townShort}${rng.pick(["路", "大道", "街"])}` : rng.pick(ROADS);
    const zone = INDUSTRIAL.has(d.sector) && rng.chance(0.4) ? `${t.townShort}工业集中区` : "";
    const address = `${t.adminPrefix}${t.region.name}${zone}${road}${rng.int(1, 399)}号`;
    const lat = t.lat === null ? null : round6(t.lat + (rng.float() - 0.5) * 0.04);
    const lng = t.lng === null ? null : round6(t.lng + (rng.float() - 0.5) * 0.05);
    const input: EnterpriseInput = {
      name: d.name,
      creditCode,
      regionCode: t.region.code,
      address,
      lat,
      lng,
      sector: d.sector,
      isAboveScale: d.isAboveScale,
      employeeCount: d.employees,
      legalRepresentative,
      mainLeader,
      mainLeaderPhone: mobile(),
      safetyManager,
      safetyManagerPhone,
      operatingStatus: d.status,
      supervisionLevel: d.supervisionLevel,
      hasMajorHazard: d.hasMajorHazard,
      hazardousProcesses: d.hazardousProcesses,
    };
    const licences: LicenceInput[] = [
      {
        type: "business_licence",
        number: creditCode,
        issuer:
          d.authority === "12" ? `${t.adminPrefix}事业单位登记管理局` : d.authority === "52" ? `${t.adminPrefix}民政局` : `${t.adminPrefix}市场监督管理局`,
        validFrom: isoDay(d.established),
        validUntil: null,
        fileSha256: null,
      },
      ...(extraLicences ?? generatedLicences(d)),
    ];
    return { key: d.key, input, licences, contacts: contactsFor(d, safetyManager, safetyManagerPhone) };
  }

  function contactsFor(d: Draft, safetyManager: string, phone: string): ContactInput[] {
    const isSchool = d.sector === "school";
    const isCare = d.sector === "elderly_care";
    const contacts: ContactInput[] = [
      {
        name: safetyManager,
        title: isSchool ? "安保主任" : isCare ? "安全管理员" : rng.pick(["安全员", "专职安全员", "安全主管", "安全环保部经理"]),
        phone,
        note: "",
      },
    ];
    const extra = rng.int(0, 2);
    const used = new Set<string>();
    for (let i = 0; i < extra; i++) {
      const kind = rng.int(0, 2);
      if (used.has(String(kind))) continue;
      used.add(String(kind));
      if (kind === 0) {
        contacts.push({ name: "值班室", title: isSchool ? "门卫室" : "24小时值班", phone: landline(), note: "" });
      } else if (kind === 1) {
        const title = isSchool ? "总务主任" : isCare ? "护理部主任" : rng.pick(["设备主管", "生产经理", "办公室主任", "仓库主管"]);
        contacts.push({ name: person(), title, phone: mobile(), note: "" });
      } else {
        contacts.push({ name: person(), title: "消防控制室", phone: mobile(), note: rng.chance(0.5) ? "夜间优先联系" : "" });
      }
    }
    return contacts;
  }

  /** A time-limited licence with validity placed around `today`: ~3% expired, ~10% expiring within 30 days. */
  function timed(type: LicenceType, number: string, issuer: string, termDays: number): LicenceInput {
    const u = expiryDraw();
    let until: number;
    if (u < 0.03) until = today - rng.int(1, 180);
    else if (u < 0.13) until = today + rng.int(0, 30);
    else until = today + rng.int(31, termDays - 1);
    return { type, number, issuer, validFrom: isoDay(until - termDays + 1), validUntil: isoDay(until), fileSha256: null };
  }

  function generatedLicences(d: Draft): LicenceInput[] {
    const t = d.town;
    const cityBureau = `${t.cityName}应急管理局`;
    const year = () => isoDay(today - rng.int(0, 2 * YEAR_DAYS)).slice(0, 4);
    const pad = (n: number, w: number) => String(n).padStart(w, "0");
    const out: LicenceInput[] = [];
    const term3 = 3 * YEAR_DAYS;
    switch (d.sector) {
      case "hazchem_production":
        out.push(timed("safety_production_licence", `（苏）WH安许证字〔L${pad(nextSeq("safety_production_licence"), 5)}〕`, "江苏省应急管理厅", term3));
        out.push(timed("hazchem_registration", `${t.countyCode}${pad(nextSeq("hazchem_registration"), 5)}`, "应急管理部化学品登记中心", term3));
        break;
      case "hazchem_trade_storage":
        out.push(timed("hazchem_trade_licence", `苏镇危化经字〔${year()}〕${pad(nextSeq("hazchem_trade_licence"), 6)}`, cityBureau, term3));
        break;
      case "hazchem_use":
        out.push(timed("hazchem_use_licence", `苏镇危化使字〔${year()}〕${pad(nextSeq("hazchem_use_licence"), 5)}`, cityBureau, term3));
        break;
      case "non_coal_mine":
        out.push(
          timed("safety_production_licence", `（苏）FM安许证字〔${year()}〕K${pad(nextSeq("safety_production_licence"), 4)}`, "江苏省应急管理厅", term3),
        );
        break;
      case "fireworks":
        out.push(
          timed("fireworks_licence", `（苏）YH经（零售）字〔${year()}〕${pad(nextSeq("fireworks_licence"), 5)}`, `${t.adminPrefix}应急管理局`, 2 * YEAR_DAYS),
        );
        break;
      case "catering":
        out.push(timed("other", `JY2${t.countyCode}${pad(nextSeq("food"), 6)}${rng.digits(1)}`, `${t.adminPrefix}市场监督管理局`, 5 * YEAR_DAYS));
        break;
      default:
        break;
    }
    const std = STD_CODES[d.sector];
    const stdChance = HAZCHEM.has(d.sector) ? 0.6 : d.isAboveScale ? 0.35 : 0.05;
    if (std && rng.chance(stdChance)) {
      out.push(timed("standardisation_cert", `镇AQB${std}Ⅲ${year()}${pad(nextSeq("standardisation_cert"), 5)}`, cityBureau, term3));
    }
    if ((HAZCHEM.has(d.sector) || d.sector === "non_coal_mine" || d.sector === "fireworks") && rng.chance(0.7)) {
      out.push(timed("principal_safety_cert", `32${t.countyCode.slice(2)}${year()}${pad(nextSeq("principal_safety_cert"), 6)}`, cityBureau, term3));
      if (rng.chance(0.8)) {
        out.push(timed("safety_manager_cert", `32${t.countyCode.slice(2)}${year()}${pad(nextSeq("principal_safety_cert"), 6)}`, cityBureau, term3));
      }
    }
    if ((d.sector === "machinery" || d.sector === "metallurgy" || d.sector === "construction") && rng.chance(0.3)) {
      const birth = isoDay(dayNumber("1965-01-01") + rng.int(0, 35 * YEAR_DAYS)).replaceAll("-", "");
      out.push(timed("special_operation_cert", `T${t.countyCode}${birth}${rng.digits(3)}${rng.pick(["0", "1", "2", "X"])}`, cityBureau, 6 * YEAR_DAYS));
    }
    return out;
  }

  /** A name for the sector and place, unique across the output; also tells the registration authority. */
  function nameFor(sector: Sector, t: TownCtx): { name: string; authority: Authority } {
    for (let attempt = 0; attempt < 40; attempt++) {
      const r = makeName(sector, t);
      if (!names.has(r.name)) {
        names.add(r.name);
        return r;
      }
    }
    // Practically unreachable; keeps names unique whatever happens.
    for (let n = 2; ; n++) {
      const r = makeName(sector, t);
      const name = `${r.name}（${n}）`;
      if (!names.has(name)) {
        names.add(name);
        return { name, authority: r.authority };
      }
    }
  }

  function makeName(sector: Sector, t: TownCtx): { name: string; authority: Authority } {
    const county = t.prefixes[0] as string;
    const prefix = rng.pick(t.prefixes);
    if (sector === "school") {
      const r = rng.float();
      if (r < 0.3) return { name: `${county}${t.townShort}${rng.pick(["中心小学", "中学", "中心幼儿园", "初级中学", "实验小学"])}`, authority: "12" };
      if (r < 0.65) return { name: `${county}${t.townShort}${rng.pick(LOCALITIES)}${rng.pick(["小学", "幼儿园"])}`, authority: "12" };
      if (r < 0.85) return { name: `${county}${rng.pick(ORDINALS)}${rng.pick(["中学", "实验小学", "高级中学", "幼儿园"])}`, authority: "12" };
      return { name: `${prefix}${trade()}${rng.pick(["幼儿园", "双语幼儿园", "外国语学校", "艺术学校"])}`, authority: "52" };
    }
    if (sector === "elderly_care") {
      if (rng.chance(0.4)) {
        return { name: `${county}${t.townShort}${rng.pick(["敬老院", "中心敬老院", "社会福利院", "养老服务中心", "日间照料中心"])}`, authority: "12" };
      }
      return { name: `${prefix}${trade()}${rng.pick(ENDINGS.elderly_care)}`, authority: "52" };
    }
    let ending = rng.pick(ENDINGS[sector]);
    if (sector === "light_industry") {
      if (t.countyCode === "321181" && rng.chance(0.6)) ending = rng.pick(DANYANG_LIGHT);
      else if (prefix.startsWith("镇江") && rng.chance(0.2)) ending = rng.pick(ZHENJIANG_LIGHT);
    } else if (sector === "machinery" && t.countyCode === "321182" && rng.chance(0.6)) {
      ending = rng.pick(YANGZHONG_MACHINERY);
    }
    // Small shops (not companies) are often named after the township rather than the county.
    const shop = (sector === "catering" || sector === "commerce") && !ending.includes("公司");
    const place = shop && rng.chance(0.5) ? t.townShort : prefix;
    return { name: `${place}${trade()}${ending}`, authority: "91" };
  }

  function sizeAndScale(sector: Sector): { employees: number; isAboveScale: boolean } {
    const [min, max] = EMPLOYEES[sector];
    const employees = rng.logInt(min, max);
    let p = 0;
    if (INDUSTRIAL.has(sector) || sector === "construction" || sector === "transport" || sector === "logistics_warehousing") {
      p = employees >= 100 ? 0.85 : employees >= 50 ? 0.35 : 0.05;
    } else if (sector === "commerce" || sector === "catering" || sector === "hazchem_trade_storage") {
      p = employees >= 60 ? 0.6 : employees >= 20 ? 0.1 : 0;
    }
    return { employees, isAboveScale: rng.chance(p) };
  }

  function draftFor(index: number, sector: Sector): Draft {
    const town = townPicker(sector).pick(rng);
    const { name, authority } = nameFor(sector, town);
    const { employees, isAboveScale } = sizeAndScale(sector);
    const hazchem = HAZCHEM.has(sector);
    const s = rng.float();
    const status: OperatingStatus = s < 0.01 ? "closed" : s < 0.05 ? "suspended" : "operating";
    const supervisionLevel: SupervisionLevel = hazchem || employees >= 300 || sector === "non_coal_mine" ? "county" : "township";
    const majorP = sector === "hazchem_production" ? 0.45 : sector === "hazchem_trade_storage" ? 0.35 : sector === "hazchem_use" ? 0.15 : 0;
    const hasMajorHazard = rng.chance(majorP);
    const hazardousProcesses: number[] = [];
    if (sector === "hazchem_production" && rng.chance(0.8)) {
      const n = rng.int(1, 3);
      for (let i = 0; i < n; i++) {
        const p = rng.pick(PROCESS_POOL);
        if (!hazardousProcesses.includes(p)) hazardousProcesses.push(p);
      }
      hazardousProcesses.sort((a, b) => a - b);
    }
    const established = dayNumber("1992-01-01") + rng.int(0, Math.max(0, today - 90 - dayNumber("1992-01-01")));
    return {
      key: `ent-${String(index + 1).padStart(5, "0")}`,
      sector,
      town,
      name,
      authority,
      employees,
      isAboveScale,
      established,
      status,
      supervisionLevel,
      hasMajorHazard,
      hazardousProcesses,
    };
  }

  // --- fixed, named enterprises (the demo stories refer to them) ----------------------------
  const lic = (type: LicenceType, number: string, issuer: string, untilOffset: number, termDays: number): LicenceInput => ({
    type,
    number,
    issuer,
    validFrom: isoDay(today + untilOffset - termDays + 1),
    validUntil: isoDay(today + untilOffset),
    fileSha256: null,
  });
  const term3 = 3 * YEAR_DAYS;
  const fixedDraft = (
    key: string,
    sector: Sector,
    town: TownCtx,
    name: string,
    employees: number,
    isAboveScale: boolean,
    established: string,
    supervisionLevel: SupervisionLevel,
    hasMajorHazard = false,
    hazardousProcesses: number[] = [],
  ): Draft => {
    names.add(name);
    return {
      key,
      sector,
      town,
      name,
      authority: "91",
      employees,
      isAboveScale,
      established: dayNumber(established),
      status: "operating",
      supervisionLevel,
      hasMajorHazard,
      hazardousProcesses,
    };
  };
  const fixed: { draft: Draft; licences: (d: Draft) => LicenceInput[] }[] = [
    {
      draft: fixedDraft(DEMO_ENT_A_KEY, "hazchem_production", fixedTown("321191100"), "镇江华泰化工有限公司", 320, true, "2008-05-16", "city", true, [3, 8]),
      licences: (d) => [
        lic("safety_production_licence", "（苏）WH安许证字〔L00001〕", "江苏省应急管理厅", 420, term3),
        lic("hazchem_registration", `${d.town.countyCode}00001`, "应急管理部化学品登记中心", 610, term3),
        lic("standardisation_cert", `镇AQBWHⅡ${isoDay(today - term3 + 19).slice(0, 4)}00001`, "江苏省应急管理厅", 18, term3),
        lic("principal_safety_cert", `32${d.town.countyCode.slice(2)}2025000001`, `${d.town.cityName}应急管理局`, 700, term3),
        lic("safety_manager_cert", `32${d.town.countyCode.slice(2)}2025000002`, `${d.town.cityName}应急管理局`, 700, term3),
      ],
    },
    {
      draft: fixedDraft(DEMO_ENT_B_KEY, "logistics_warehousing", fixedTown("321183103"), "句容宝华智运仓储物流有限公司", 86, true, "2017-03-08", "township"),
      licences: () => [],
    },
    {
      draft: fixedDraft(DEMO_ENT_CATERING_KEY, "catering", fixedTown("321102001"), "镇江京江福满楼餐饮有限公司", 45, false, "2012-09-20", "township"),
      licences: (d) => [lic("other", `JY2${d.town.countyCode}0000011`, `${d.town.adminPrefix}市场监督管理局`, 800, 5 * YEAR_DAYS)],
    },
    {
      draft: fixedDraft(DEMO_ENT_RETAIL_KEY, "commerce", fixedTown("321111001"), "镇江润佳超市有限公司", 120, true, "2005-11-02", "township"),
      licences: (d) => [lic("other", `JY1${d.town.countyCode}0000021`, `${d.town.adminPrefix}市场监督管理局`, 25, 5 * YEAR_DAYS)],
    },
    {
      draft: fixedDraft(DEMO_ENT_BAOHUA_2_KEY, "machinery", fixedTown("321183103"), "句容市宝华恒力精密机械有限公司", 160, true, "2011-06-28", "township"),
      licences: (d) => [
        lic("standardisation_cert", `镇AQBJXⅢ${isoDay(today - 400).slice(0, 4)}00001`, `${d.town.cityName}应急管理局`, term3 - 400, term3),
        lic("special_operation_cert", `T${d.town.countyCode}19780412031X`, `${d.town.cityName}应急管理局`, -10, 6 * YEAR_DAYS),
      ],
    },
  ];
  // Keep generated sequence numbers clear of the fixed ones.
  seq.safety_production_licence = 1;
  seq.hazchem_registration = 1;
  seq.standardisation_cert = 1;
  seq.principal_safety_cert = 2;
  seq.food = 30;

  const out: DemoEnterprise[] = [];
  const fixedCount = Math.min(count, fixed.length);
  for (let i = 0; i < fixedCount; i++) {
    const f = fixed[i];
    if (!f) break;
    out.push(build(f.draft, i, f.licences(f.draft)));
  }

  // --- generated enterprises --------------------------------------------------------------
  const deck: Sector[] = [];
  for (const [sector, n] of SECTOR_DECK) for (let i = 0; i < n; i++) deck.push(sector);
  let deckPos = deck.length;
  const nextSector = (): Sector => {
    if (deckPos >= deck.length) {
      for (let i = deck.length - 1; i > 0; i--) {
        const j = Math.floor(rng.float() * (i + 1));
        const tmp = deck[i] as Sector;
        deck[i] = deck[j] as Sector;
        deck[j] = tmp;
      }
      deckPos = 0;
    }
    return deck[deckPos++] as Sector;
  };
  for (let i = fixedCount; i < count; i++) {
    out.push(build(draftFor(i, nextSector()), i, null));
  }
  return out;
}
