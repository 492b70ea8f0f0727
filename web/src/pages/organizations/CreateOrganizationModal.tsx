import { DEPARTMENTS, type Department, ORG_KINDS } from "@anguan/domain";
import { App, type ButtonProps, Form, Input, Modal, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Organization } from "../../api/types";
import { RegionTreeSelect } from "../../components/RegionTreeSelect";
import { useLabels } from "../../i18n/labels";
import { reportFormError } from "../../lib/errors";

/** Only these two are created here; an enterprise's organisation comes with the enterprise. */
type CreatableKind = "gov" | "third_party";
const CREATABLE: readonly CreatableKind[] = ["gov", "third_party"];

interface Values {
  kind: CreatableKind;
  name: string;
  regionCode?: string;
  department?: Department;
}

const FIELDS = ["kind", "name", "regionCode", "department"] as const;

/** 新建单位: a government body (region + department) or a third-party service organisation (region optional). */
export function CreateOrganizationModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (o: Organization) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch("kind", form);
  const gov = kind === "gov";

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      const body = { kind: v.kind, name: v.name.trim(), regionCode: v.regionCode || undefined, department: v.kind === "gov" ? v.department : undefined };
      const org = await api.post<Organization>("/api/organizations", body);
      message.success(t("orgs.created"));
      form.resetFields();
      onCreated(org);
    } catch (e) {
      reportFormError(form, e, FIELDS, (m) => void message.error(m), t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t("orgs.create")}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={saving}
      okText={t("common.save")}
      okButtonProps={{ "data-testid": "org-save" } as ButtonProps}
      forceRender
    >
      <Form form={form} layout="vertical" data-testid="org-form" autoComplete="off">
        <Form.Item
          name="kind"
          label={t("orgs.kind")}
          extra={t("orgs.kindHint")}
          rules={[{ required: true, message: t("common.pleaseSelect", { label: t("orgs.kind") }) }]}
        >
          <Select options={labels.options(ORG_KINDS, CREATABLE)} onChange={() => form.setFields([{ name: "regionCode", errors: [] }])} data-testid="org-kind" />
        </Form.Item>
        <Form.Item name="name" label={t("orgs.name")} rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("orgs.name") }) }]}>
          <Input maxLength={100} data-testid="org-name" />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t("orgs.region")}
          extra={kind === "third_party" ? t("orgs.thirdPartyRegionHint") : undefined}
          rules={[{ required: gov, message: t("common.pleaseSelect", { label: t("orgs.region") }) }]}
        >
          <RegionTreeSelect placeholder={t("form.selectRegion")} data-testid="org-region" />
        </Form.Item>
        {gov && (
          <Form.Item
            name="department"
            label={t("orgs.department")}
            extra={t("orgs.departmentHint")}
            rules={[{ required: true, message: t("common.pleaseSelect", { label: t("orgs.department") }) }]}
          >
            <Select options={labels.options(DEPARTMENTS)} showSearch={{ optionFilterProp: "label" }} data-testid="org-department" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
