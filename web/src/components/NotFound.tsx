import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function NotFound({ message }: { message?: string }) {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={message ?? t("error.notFound")}
      extra={
        <Link to="/">
          <Button type="primary">{t("error.home")}</Button>
        </Link>
      }
    />
  );
}

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t("error.forbidden")}
      extra={
        <Link to="/">
          <Button type="primary">{t("error.home")}</Button>
        </Link>
      }
    />
  );
}
