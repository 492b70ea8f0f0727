import { Breadcrumb } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, type Params, useMatches } from "react-router";
import type { Me } from "../api/types";
import type { MessageKey } from "../lib/i18nKeys";
import { useCurrentUser } from "./MeContext";

export interface CrumbHandle {
  crumb?: MessageKey | ((params: Params) => ReactNode);
  /** Hide the crumb for users who may not open it (e.g. the list for enterprise users). */
  visible?: (me: Me) => boolean;
}

/** Breadcrumbs from the `handle.crumb` of the matched routes. */
export function Breadcrumbs() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const matches = useMatches();
  const crumbs = matches.filter((m) => {
    const h = m.handle as CrumbHandle | undefined;
    return h?.crumb && (!h.visible || h.visible(me));
  });
  const items = crumbs.map((m, i) => {
    const c = (m.handle as CrumbHandle).crumb;
    const title = typeof c === "function" ? c(m.params) : t(c as MessageKey);
    const last = i === crumbs.length - 1;
    return { key: m.id, title: last ? title : <Link to={m.pathname}>{title}</Link> };
  });
  return <Breadcrumb items={items} data-testid="breadcrumbs" />;
}
