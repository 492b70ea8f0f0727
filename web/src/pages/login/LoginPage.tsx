import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Form, Input } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { ApiError, api } from "../../api/client";
import { keys, useMe } from "../../api/queries";
import type { Me } from "../../api/types";
import { Brand } from "../../components/Brand";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { PageLoading } from "../../components/PageLoading";
import { errorMessage } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";

interface Values {
  username: string;
  password: string;
}

/** Only same-site paths may be the target after login. */
function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/";
}

export default function LoginPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const me = useMe();

  if (me.isPending) return <PageLoading full />;
  if (me.data && !submitting) return <Navigate to={me.data.mustChangePassword ? "/profile/password" : safeNext(params.get("next"))} replace />;

  const onFinish = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      const { user } = await api.post<{ user: Me; csrfToken: string }>("/api/auth/login", { username: values.username.trim(), password: values.password });
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== "me" });
      qc.setQueryData(keys.me, user);
      navigate(user.mustChangePassword ? "/profile/password" : safeNext(params.get("next")), { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.status === 423) {
        const until = typeof e.body.lockedUntil === "string" ? e.body.lockedUntil : null;
        setError(until ? t("login.locked", { time: formatDateTime(until) }) : e.message || t("login.lockedNoTime"));
      } else if (e instanceof ApiError && e.status === 401) {
        setError(i18n.language === "en" ? t("login.invalid") : e.message || t("login.invalid"));
      } else {
        setError(errorMessage(e, t));
      }
      setSubmitting(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-card">
        <div style={{ display: "flex", justifyContent: "center", marginBottom: 24 }}>
          <Brand dark />
        </div>
        <Card title={t("login.title")} extra={<LanguageSwitch />} styles={{ body: { paddingTop: 20 } }}>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
          <Form<Values> layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on" data-testid="login-form">
            <Form.Item name="username" label={t("login.username")} rules={[{ required: true, whitespace: true, message: t("login.usernameRequired") }]}>
              <Input prefix={<UserOutlined />} size="large" autoComplete="username" autoFocus data-testid="login-username" />
            </Form.Item>
            <Form.Item name="password" label={t("login.password")} rules={[{ required: true, message: t("login.passwordRequired") }]}>
              <Input.Password prefix={<LockOutlined />} size="large" autoComplete="current-password" data-testid="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" size="large" block loading={submitting} data-testid="login-submit">
              {t("login.submit")}
            </Button>
          </Form>
        </Card>
        <div style={{ textAlign: "center", color: "rgba(255,255,255,.75)", marginTop: 16, fontSize: 12 }}>{t("login.footer")}</div>
      </div>
    </div>
  );
}
