/** Turns the flat region list of GET /api/regions into a TreeSelect tree. */
import type { Region } from "../api/types";

export interface RegionNode {
  value: string;
  title: string;
  key: string;
  children?: RegionNode[];
}

export function buildRegionTree(items: readonly Region[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>();
  for (const r of items) nodes.set(r.code, { value: r.code, title: r.name, key: r.code });
  const roots: RegionNode[] = [];
  for (const r of items) {
    const node = nodes.get(r.code) as RegionNode;
    const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
    if (parent && parent !== node) {
      parent.children = parent.children ?? [];
      parent.children.push(node);
    } else roots.push(node);
  }
  const sort = (list: RegionNode[]) => {
    list.sort((a, b) => a.value.localeCompare(b.value));
    for (const n of list) if (n.children) sort(n.children);
  };
  sort(roots);
  return roots;
}
