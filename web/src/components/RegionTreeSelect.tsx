import { TreeSelect } from "antd";
import { useMemo } from "react";
import { useRegions } from "../api/queries";
import { buildRegionTree, type RegionNode } from "../lib/regions";

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

/** Small trees open fully; larger ones open the top level and any chain of single children (江苏省 → 镇江市). */
function initiallyOpen(tree: RegionNode[], count: number): string[] {
  const keys: string[] = [];
  const walk = (nodes: RegionNode[], all: boolean) => {
    for (const n of nodes) {
      if (!n.children?.length) continue;
      keys.push(n.key);
      if (all) walk(n.children, true);
      else if (n.children.length === 1) walk(n.children, false);
    }
  };
  walk(tree, count < 40);
  return keys;
}

/** Regions the caller may use (GET /api/regions), as a searchable tree. */
export function RegionTreeSelect({ value, onChange, placeholder, disabled, allowClear = true, style, id, ...rest }: Props) {
  const { data, isPending } = useRegions();
  const tree = useMemo(() => buildRegionTree(data ?? []), [data]);
  const defaultOpen = useMemo(() => initiallyOpen(tree, data?.length ?? 0), [tree, data]);
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
      // Uncontrolled, so that a search still opens the matching branches; remounted once the regions are in.
      key={data ? "ready" : "loading"}
      treeDefaultExpandedKeys={defaultOpen}
      popupMatchSelectWidth={false}
    />
  );
}
