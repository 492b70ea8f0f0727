import { contactInputSchema, type ContactInput } from "@anguan/domain";
import { App, Form, Input, Modal } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Contact, Enterprise } from "../../api/types";
import { reportFormError } from "../../lib/errors";
import { asText, zodRule } from "../../lib/zodRule";
import { SubListTable, useSubCollection } from "./SubListTable";

const shape = contactInputSchema.shape;
const FIELDS = ["name", "title", "phone", "note"] as const;

export function ContactsTab({ e }: { e: Enterprise }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const contacts = useSubCollection<ContactInput, Contact>(e.id, "contacts");
  const { create, update } = contacts;
  /** undefined: modal closed; null: adding; a contact: editing it. */
  const [editing, setEditing] = useState<Contact | null | undefined>(undefined);
  const [form] = Form.useForm<ContactInput>();

  useEffect(() => {
    if (editing === undefined) return;
    form.resetFields();
    form.setFieldsValue(editing ? { name: editing.name, title: editing.title, phone: editing.phone, note: editing.note } : {});
  }, [editing, form]);

  const save = async () => {
    const raw = await form.validateFields().catch(() => null);
    if (!raw) return;
    const body: ContactInput = { name: raw.name.trim(), title: raw.title ?? "", phone: raw.phone.trim(), note: raw.note ?? "" };
    try {
      if (editing) await update.mutateAsync({ id: editing.id, body });
      else await create.mutateAsync(body);
      message.success(t("common.saved"));
      setEditing(undefined);
    } catch (err) {
      reportFormError(form, err, FIELDS, (m) => void message.error(m), t);
    }
  };

  return (
    <>
      <SubListTable<Contact>
        data-testid="contact-table"
        collection={contacts}
        canManage={e.abilities.manageContacts}
        add={{ label: t("contact.add"), testId: "contact-add", onClick: () => setEditing(null) }}
        onEdit={setEditing}
        columns={[
          { title: t("contact.name"), dataIndex: "name" },
          { title: t("contact.title"), dataIndex: "title", render: (v: string) => v || "—" },
          { title: t("contact.phone"), dataIndex: "phone", render: (p: string) => <a href={`tel:${p}`}>{p}</a> },
          { title: t("contact.note"), dataIndex: "note", render: (v: string) => v || "—" },
        ]}
      />
      <Modal
        open={editing !== undefined}
        title={editing ? t("contact.editTitle") : t("contact.add")}
        onCancel={() => setEditing(undefined)}
        onOk={() => void save()}
        okText={t("common.save")}
        confirmLoading={create.isPending || update.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" data-testid="contact-form">
          <Form.Item name="name" label={t("contact.name")} required rules={[zodRule(shape.name, asText)]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="title" label={t("contact.title")} rules={[zodRule(shape.title, asText)]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="phone" label={t("contact.phone")} required rules={[zodRule(shape.phone, asText)]}>
            <Input inputMode="tel" />
          </Form.Item>
          <Form.Item name="note" label={t("contact.note")} rules={[zodRule(shape.note, asText)]}>
            <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
