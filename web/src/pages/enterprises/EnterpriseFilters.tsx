import { OPERATING_STATUSES, SECTORS } from "@anguan/domain";
import { Button, Select } from "antd";
import { useTranslation } from "react-i18next";
import { useCurrentUser } from "../../components/MeContext";
import { RegionTreeSelect } from "../../components/RegionTreeSelect";
import { SearchInput } from "../../components/SearchInput";
import { useLabels } from "../../i18n/labels";
import type { FilterKey } from "./useListParams";

interface Props {
  filters: Partial<Record<FilterKey, string>>;
  onChange: (patch: Partial<Record<FilterKey, string | undefined>>) => void;
  onReset: () => void;
}

export function EnterpriseFilters({ filters, onChange, onReset }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useCurrentUser();
  const scopeSectors = me.scope.sectors?.length ? me.scope.sectors : undefined;

  return (
    <div className="filter-bar" data-testid="enterprise-filters">
      <SearchInput
        data-testid="enterprise-search"
        placeholder={t("enterprise.searchPlaceholder")}
        value={filters.q ?? ""}
        onSearch={(v) => onChange({ q: v || undefined })}
      />
      <RegionTreeSelect
        data-testid="filter-region"
        style={{ width: 180 }}
        placeholder={t("enterprise.region")}
        value={filters.regionCode}
        onChange={(v) => onChange({ regionCode: v })}
      />
      <Select
        data-testid="filter-sector"
        style={{ width: 180 }}
        allowClear
        showSearch={{ optionFilterProp: "label" }}
        placeholder={t("enterprise.sector")}
        value={filters.sector}
        onChange={(v?: string) => onChange({ sector: v })}
        options={labels.options(SECTORS, scopeSectors)}
      />
      <Select
        data-testid="filter-status"
        style={{ width: 120 }}
        allowClear
        placeholder={t("enterprise.status")}
        value={filters.operatingStatus}
        onChange={(v?: string) => onChange({ operatingStatus: v })}
        options={labels.options(OPERATING_STATUSES)}
      />
      <Select
        data-testid="filter-major-hazard"
        style={{ width: 150 }}
        allowClear
        placeholder={t("enterprise.majorHazard")}
        value={filters.hasMajorHazard}
        onChange={(v?: string) => onChange({ hasMajorHazard: v })}
        options={[
          { value: "true", label: t("enterprise.majorHazardYes") },
          { value: "false", label: t("enterprise.majorHazardNo") },
        ]}
      />
      <Button onClick={onReset}>{t("common.reset")}</Button>
    </div>
  );
}
