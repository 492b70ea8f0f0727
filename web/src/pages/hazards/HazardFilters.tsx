import { SECTORS } from "@anguan/domain";
import { Button, DatePicker, Select } from "antd";
import { useTranslation } from "react-i18next";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { useCurrentUser } from "../../components/MeContext";
import { RegionTreeSelect } from "../../components/RegionTreeSelect";
import { SearchInput } from "../../components/SearchInput";
import { useLabels } from "../../i18n/labels";
import { dayjs } from "../../lib/format";
import { useHazardLabels } from "./labels";
import type { HazardFilterKey, HazardFilters as Filters } from "./useHazardParams";

interface Props {
  filters: Filters;
  onChange: (patch: Partial<Record<HazardFilterKey, string | undefined>>) => void;
  onReset: () => void;
}

/** The hazard list's filters; enterprise users do not get the enterprise, region and sector pickers. */
export function HazardFilters({ filters, onChange, onReset }: Props) {
  const { t } = useTranslation();
  const hl = useHazardLabels();
  const labels = useLabels();
  const me = useCurrentUser();
  const single = me.scope.kind === "enterprise";
  const scopeSectors = me.scope.sectors?.length ? me.scope.sectors : undefined;
  const range: [dayjs.Dayjs, dayjs.Dayjs] | null = filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null;
  const yesNo = (yes: string, no: string) => [
    { value: "1", label: yes },
    { value: "0", label: no },
  ];

  return (
    <div className="filter-bar" data-testid="hazard-filters">
      <SearchInput
        data-testid="hazard-search"
        placeholder={t("hazards.searchPlaceholder")}
        value={filters.q ?? ""}
        onSearch={(v) => onChange({ q: v || undefined })}
        width={240}
      />
      <Select
        data-testid="filter-hazard-status"
        style={{ width: 150 }}
        allowClear
        placeholder={t("hazards.status")}
        value={filters.status}
        onChange={(v?: string) => onChange({ status: v })}
        options={[{ value: "open", label: t("hazards.statusOpen") }, ...hl.statusOptions()]}
      />
      <Select
        data-testid="filter-hazard-level"
        style={{ width: 120 }}
        allowClear
        placeholder={t("hazards.level")}
        value={filters.level}
        onChange={(v?: string) => onChange({ level: v })}
        options={hl.levelOptions()}
      />
      <Select
        data-testid="filter-hazard-overdue"
        style={{ width: 120 }}
        allowClear
        placeholder={t("hazards.overdueFilter")}
        value={filters.overdue}
        onChange={(v?: string) => onChange({ overdue: v })}
        options={yesNo(t("hazards.overdueYes"), t("hazards.overdueNo"))}
      />
      <Select
        data-testid="filter-hazard-supervised"
        style={{ width: 120 }}
        allowClear
        placeholder={t("hazards.supervisedFilter")}
        value={filters.supervised}
        onChange={(v?: string) => onChange({ supervised: v })}
        options={yesNo(t("hazards.supervisedYes"), t("hazards.supervisedNo"))}
      />
      <Select
        data-testid="filter-hazard-source"
        style={{ width: 150 }}
        allowClear
        showSearch={{ optionFilterProp: "label" }}
        placeholder={t("hazards.source")}
        value={filters.source}
        onChange={(v?: string) => onChange({ source: v })}
        options={hl.sourceOptions()}
        popupMatchSelectWidth={false}
      />
      <Select
        data-testid="filter-hazard-type"
        style={{ width: 110 }}
        allowClear
        placeholder={t("hazards.dangerType")}
        value={filters.dangerType ? Number(filters.dangerType) : undefined}
        onChange={(v?: number) => onChange({ dangerType: v ? String(v) : undefined })}
        options={hl.typeOptions()}
      />
      {!single && (
        <>
          <EnterprisePicker
            data-testid="filter-hazard-enterprise"
            style={{ width: 200 }}
            value={filters.enterpriseId}
            onChange={(v) => onChange({ enterpriseId: v })}
          />
          <RegionTreeSelect
            data-testid="filter-hazard-region"
            style={{ width: 160 }}
            placeholder={t("hazards.region")}
            value={filters.regionCode}
            onChange={(v) => onChange({ regionCode: v })}
          />
          <Select
            data-testid="filter-hazard-sector"
            style={{ width: 160 }}
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            placeholder={t("hazards.sector")}
            value={filters.sector}
            onChange={(v?: string) => onChange({ sector: v })}
            options={labels.options(SECTORS, scopeSectors)}
            popupMatchSelectWidth={false}
          />
        </>
      )}
      <DatePicker.RangePicker
        data-testid="filter-hazard-period"
        style={{ width: 250 }}
        value={range}
        placeholder={[t("hazards.reportedFrom"), t("hazards.reportedTo")]}
        onChange={(v) => onChange({ from: v?.[0]?.format("YYYY-MM-DD"), to: v?.[1]?.format("YYYY-MM-DD") })}
      />
      <Button onClick={onReset}>{t("common.reset")}</Button>
    </div>
  );
}
