/** 新增/编辑网关: the id is the MQTT username (fixed once registered); the password is only ever sent, never shown. */
import { App, type ButtonProps, Form, Input, Modal, Switch } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { reportFormError } from "../../lib/errors";
import { monitoringPaths, useMonitoringWrite } from "./queries";
import type { Gateway } from "./types";

interface Props {
  open: boolean;
  gateway: Gateway | null;
  /** The enterprise of a new gateway when the page has one (an enterprise user's own, or the filter). */
  enterpriseId?: string;
  onClose: () => void;
}

interface Values {
  id?: string;
  enterpriseId?: string;
  name: string;
  password?: string;
  enabled: boolean;
}

const KNOWN = ["id", "enterpriseId", "name", "password", "enabled"];

export function GatewayFormModal({ open, gateway, enterpriseId, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const write = useMonitoringWrite();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      if (gateway) {
        await write.mutateAsync({
          method: "PATCH",
          path: monitoringPaths.gateway(gateway.id),
          body: { name: v.name, enabled: v.enabled, ...(v.password ? { password: v.password } : {}) },
        });
      } else {
        await write.mutateAsync({
          method: "POST",
          path: monitoringPaths.gateways,
          body: { id: v.id?.trim(), enterpriseId: v.enterpriseId, name: v.name, password: v.password, enabled: v.enabled },
        });
      }
      message.success(t("common.saved"));
      onClose();
    } catch (e) {
      reportFormError(form, e, KNOWN, (m) => void message.error(m), t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={gateway ? t("monitoring.gateway.edit", { id: gateway.id }) : t("monitoring.gateway.add")}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t("common.save")}
      confirmLoading={saving}
      okButtonProps={{ "data-testid": "gateway-form-save" } as ButtonProps}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="gateway-form"
        preserve={false}
        initialValues={gateway ? { name: gateway.name, enabled: gateway.enabled } : { enterpriseId, enabled: true }}
      >
        {!gateway && (
          <>
            <Form.Item
              name="id"
              label={t("monitoring.gateway.id")}
              extra={t("monitoring.gateway.idHelp")}
              rules={[
                { required: true, message: t("common.required", { label: t("monitoring.gateway.id") }) },
                { pattern: /^[A-Za-z0-9_.-]{3,64}$/, message: t("monitoring.gateway.idPattern") },
              ]}
            >
              <Input data-testid="gateway-id" maxLength={64} autoComplete="off" />
            </Form.Item>
            {enterpriseId ? (
              <Form.Item name="enterpriseId" hidden>
                <Input />
              </Form.Item>
            ) : (
              <Form.Item
                name="enterpriseId"
                label={t("monitoring.enterprise")}
                rules={[{ required: true, message: t("common.required", { label: t("monitoring.enterprise") }) }]}
              >
                <EnterprisePicker data-testid="gateway-enterprise" />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item
          name="name"
          label={t("monitoring.gateway.name")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("monitoring.gateway.name") }) }]}
        >
          <Input data-testid="gateway-name" maxLength={100} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t("monitoring.gateway.password")}
          extra={gateway ? t("monitoring.gateway.passwordKeep") : t("monitoring.gateway.passwordHelp")}
          rules={[
            { required: !gateway, message: t("common.required", { label: t("monitoring.gateway.password") }) },
            { min: 8, message: t("monitoring.gateway.passwordMin") },
          ]}
        >
          <Input.Password data-testid="gateway-password" autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item name="enabled" label={t("monitoring.enabled")} valuePropName="checked">
          <Switch data-testid="gateway-enabled" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
