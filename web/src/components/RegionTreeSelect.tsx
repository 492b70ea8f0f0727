import { TreeSelect } from "antd";
import { useMemo } from "react";
import { useRegions } from "../api/queries";
import { buildRegionTree } from "../lib/regions";

interface Props {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  disabled?: boolean;
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
  "data-testid"?: string;
}

/** Regions the caller may use (GET /api/regions), as a searchable tree. */
export function RegionTreeSelect({ value, onChange, placeholder, disabled, allowClear = true, style, id, ...rest }: Props) {
  const { data, isPending } = useRegions();
  const tree = useMemo(() => buildRegionTree(data ?? []), [data]);
  return (
    <TreeSelect
      id={id}
      data-testid={rest["data-testid"]}
      style={style}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? undefined)}
      treeData={tree}
      placeholder={placeholder}
      disabled={disabled}
      allowClear={allowClear}
      loading={isPending}
      showSearch={{ treeNodeFilterProp: "title" }}
      treeDefaultExpandAll={(data?.length ?? 0) < 40}
      popupMatchSelectWidth={false}
    />
  );
}
