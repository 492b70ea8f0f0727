/** 编制清单: name, the templates to take items from, and the enterprise's own items. */
import { Checkbox, Form, Input, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { ChecklistItem, EnterpriseChecklist } from "../../api/types";
import { FormModal } from "../risks/FormModal";
import { useChecklistWrites, useTemplates } from "./api";
import { ItemsEditor, itemPaths } from "./ItemsEditor";

interface Body {
  name: string;
  templateIds: string[];
  extraItems: ChecklistItem[];
}

export function CreateChecklistModal({
  open,
  enterpriseId,
  onClose,
  onCreated,
}: {
  open: boolean;
  enterpriseId: string;
  onClose: () => void;
  onCreated: (c: EnterpriseChecklist) => void;
}) {
  const { t } = useTranslation();
  const templates = useTemplates(enterpriseId);
  const writes = useChecklistWrites(enterpriseId);
  return (
    <FormModal<Body>
      open={open}
      title={t("checklists.create")}
      testId="checklist-form"
      width={860}
      known={["name", "templateIds", "extraItems", ...itemPaths("extraItems", 300)]}
      initial={{ name: t("checklists.defaultName"), templateIds: [], extraItems: [] }}
      onCancel={onClose}
      onSubmit={async (v) => {
        const created = await writes.create.mutateAsync({
          name: v.name,
          templateIds: v.templateIds ?? [],
          extraItems: (v.extraItems ?? []).map(({ content, category, basis }) => ({ content, category: category ?? "", basis: basis ?? "" })),
        });
        onClose();
        onCreated(created);
      }}
    >
      <Form.Item
        name="name"
        label={t("checklists.name")}
        rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("checklists.name") }) }]}
      >
        <Input maxLength={100} data-testid="checklist-name" />
      </Form.Item>
      <Form.Item name="templateIds" label={t("checklists.fromTemplates")} extra={t("checklists.fromTemplatesHint")}>
        <Checkbox.Group style={{ display: "flex", flexDirection: "column", gap: 8 }} data-testid="checklist-templates">
          {(templates.data ?? []).map((tpl) => (
            <Checkbox key={tpl.id} value={tpl.id}>
              <Space size={4} wrap>
                <span>{tpl.name}</span>
                <Tag>{t("checklists.nItems", { n: tpl.items?.length ?? 0 })}</Tag>
                {tpl.enterpriseId && <Tag color="purple">{t("checklists.ownTemplate")}</Tag>}
              </Space>
            </Checkbox>
          ))}
        </Checkbox.Group>
      </Form.Item>
      <Typography.Text strong>{t("checklists.ownItems")}</Typography.Text>
      <div style={{ marginTop: 8 }}>
        <ItemsEditor name="extraItems" addLabel={t("checklists.addItem")} />
      </div>
    </FormModal>
  );
}
