import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Input } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiError, api } from "../../api/client";
import { keys } from "../../api/queries";
import { useCurrentUser } from "../../components/MeContext";
import { PageHeader } from "../../components/PageHeader";
import { reportFormError } from "../../lib/errors";
import { passwordRule } from "../users/passwordRule";

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const onFinish = async (v: Values) => {
    setSaving(true);
    try {
      await api.post("/api/auth/change-password", { currentPassword: v.currentPassword, newPassword: v.newPassword });
      message.success(t("password.changed"));
      await qc.invalidateQueries({ queryKey: keys.me });
      form.resetFields();
      navigate("/", { replace: true });
    } catch (e) {
      // A wrong current password is reported without a field list: show it on that field.
      if (e instanceof ApiError && e.fields.length === 0 && (e.status === 400 || e.code === "INVALID_CREDENTIALS")) {
        form.setFields([{ name: "currentPassword", errors: [e.message] }]);
      } else reportFormError(form, e, ["currentPassword", "newPassword"], (m) => void message.error(m), t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader title={t("password.title")} />
      <Card style={{ maxWidth: 520 }}>
        {me.mustChangePassword && <Alert type="warning" showIcon title={t("password.mustChange")} style={{ marginBottom: 16 }} data-testid="must-change" />}
        <Form<Values> form={form} layout="vertical" onFinish={onFinish} data-testid="password-form" autoComplete="off">
          <input type="text" name="username" autoComplete="username" value={me.username} readOnly hidden />
          <Form.Item
            name="currentPassword"
            label={t("password.current")}
            rules={[{ required: true, message: t("common.required", { label: t("password.current") }) }]}
          >
            <Input.Password autoComplete="current-password" data-testid="password-current" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t("password.new")}
            extra={t("users.passwordHint")}
            rules={[{ required: true, message: t("common.required", { label: t("password.new") }) }, passwordRule(t)]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-new" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t("password.confirm")}
            dependencies={["newPassword"]}
            rules={[
              { required: true, message: t("common.required", { label: t("password.confirm") }) },
              ({ getFieldValue }) => ({
                validator: async (_r, v: string) => {
                  if (v && v !== getFieldValue("newPassword")) throw new Error(t("password.mismatch"));
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-confirm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="password-submit">
            {t("common.save")}
          </Button>
        </Form>
      </Card>
    </>
  );
}
