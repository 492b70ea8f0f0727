import { ROLES, type Role } from "@anguan/domain";
import { App, Form, Input, Modal, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useOrganizations } from "../../api/queries";
import type { User } from "../../api/types";
import { useLabels } from "../../i18n/labels";
import { reportFormError } from "../../lib/errors";
import { passwordRule } from "./passwordRule";

interface Values {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  orgId: string;
  phone?: string;
}

const FIELDS = ["username", "displayName", "password", "role", "orgId", "phone"] as const;

export function CreateUserModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (u: User) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const role = Form.useWatch("role", form);
  const orgKind = role ? ROLES[role].orgKind : undefined;
  const orgs = useOrganizations(orgKind, open && !!orgKind);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      const phone = v.phone?.trim();
      const user = await api.post<User>("/api/users", { ...v, username: v.username.trim(), displayName: v.displayName.trim(), phone: phone || undefined });
      message.success(t("users.created"));
      form.resetFields();
      onCreated(user);
    } catch (e) {
      reportFormError(form, e, FIELDS, (m) => void message.error(m), t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={t("users.create")} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} forceRender>
      <Form form={form} layout="vertical" data-testid="user-form" autoComplete="off">
        <Form.Item
          name="username"
          label={t("users.username")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("users.username") }) }]}
        >
          <Input maxLength={64} autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t("users.displayName")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("users.displayName") }) }]}
        >
          <Input maxLength={50} data-testid="user-displayName" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t("users.password")}
          extra={t("users.passwordHint")}
          rules={[{ required: true, message: t("common.required", { label: t("users.password") }) }, passwordRule(t)]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-password" />
        </Form.Item>
        <Form.Item name="role" label={t("users.role")} rules={[{ required: true, message: t("common.pleaseSelect", { label: t("users.role") }) }]}>
          <Select options={labels.options(ROLES)} onChange={() => form.setFieldValue("orgId", undefined)} data-testid="user-role" />
        </Form.Item>
        <Form.Item name="orgId" label={t("users.org")} rules={[{ required: true, message: t("common.pleaseSelect", { label: t("users.org") }) }]}>
          <Select
            disabled={!role}
            placeholder={role ? undefined : t("users.selectRoleFirst")}
            loading={orgs.isFetching}
            showSearch={{ optionFilterProp: "label" }}
            options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
            data-testid="user-org"
          />
        </Form.Item>
        <Form.Item name="phone" label={t("users.phone")}>
          <Input inputMode="tel" maxLength={20} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
