import { App, Form, Input, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { User } from "../../api/types";
import { reportFormError } from "../../lib/errors";
import { passwordRule } from "./passwordRule";

export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ newPassword: string }>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    if (!user) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      await api.post(`/api/users/${encodeURIComponent(user.id)}/reset-password`, { newPassword: v.newPassword });
      message.success(t("users.passwordReset"));
      form.resetFields();
      onClose();
    } catch (e) {
      reportFormError(form, e, ["newPassword"], (m) => void message.error(m), t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={!!user}
      title={t("users.resetTitle", { name: user?.displayName ?? "" })}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      onOk={() => void submit()}
      confirmLoading={saving}
      forceRender
    >
      <Form form={form} layout="vertical" autoComplete="off">
        <Form.Item
          name="newPassword"
          label={t("users.newPassword")}
          extra={t("users.passwordHint")}
          rules={[{ required: true, message: t("common.required", { label: t("users.newPassword") }) }, passwordRule(t)]}
        >
          <Input.Password autoComplete="new-password" data-testid="reset-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
