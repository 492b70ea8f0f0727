import { Select } from "antd";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useEnterprise, useEnterprises } from "../api/queries";

interface Props {
  value?: string;
  onChange?: (id: string | undefined) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  size?: "small" | "middle" | "large";
  allowClear?: boolean;
  id?: string;
  "data-testid"?: string;
}

/** An enterprise in the caller's scope, searched by name on the server (GET /api/enterprises?q=). */
export function EnterprisePicker({ value, onChange, placeholder, style, size, allowClear = true, id, ...rest }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const list = useEnterprises({ q: q || undefined, pageSize: 20 });
  const current = useEnterprise(value && !list.data?.items.some((e) => e.id === value) ? value : undefined);
  const options = useMemo(() => {
    const items = (list.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }));
    if (value && current.data && !items.some((o) => o.value === value)) items.unshift({ value, label: current.data.name });
    return items;
  }, [list.data, current.data, value]);
  return (
    <Select
      id={id}
      data-testid={rest["data-testid"]}
      style={style}
      size={size}
      allowClear={allowClear}
      showSearch={{ filterOption: false, onSearch: setText }}
      placeholder={placeholder ?? t("hazards.enterprise")}
      loading={list.isFetching}
      value={value}
      onChange={(v?: string) => onChange?.(v)}
      options={options}
      notFoundContent={list.isFetching ? t("app.loading") : t("common.empty")}
      popupMatchSelectWidth={false}
    />
  );
}
