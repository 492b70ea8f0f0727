import { useTranslation } from "react-i18next";
import { useEnterprise } from "../../api/queries";

/** Breadcrumb for /enterprises/:id: the enterprise's name once it is loaded (shares the page's query). */
export function EnterpriseCrumb({ id }: { id: string }) {
  const { t } = useTranslation();
  const { data } = useEnterprise(id);
  return <>{data?.name ?? t("nav.enterpriseDetail")}</>;
}
