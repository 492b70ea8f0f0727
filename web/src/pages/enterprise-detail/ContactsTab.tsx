import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { contactInputSchema, type ContactInput } from "@anguan/domain";
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Space, Table } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSubList } from "../../api/queries";
import type { Contact, Enterprise } from "../../api/types";
import { errorMessage, reportFormError } from "../../lib/errors";
import { asText, zodRule } from "../../lib/zodRule";
import { useSubMutations } from "./useSubMutations";

const shape = contactInputSchema.shape;
const FIELDS = ["name", "title", "phone", "note"] as const;

export function ContactsTab({ e }: { e: Enterprise }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useSubList<Contact>(e.id, "contacts");
  const { create, update, remove } = useSubMutations<ContactInput, Contact>(e.id, "contacts");
  const [editing, setEditing] = useState<Contact | null | undefined>(undefined);
  const [form] = Form.useForm<ContactInput>();
  const can = e.abilities.manageContacts;

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
      {can && (
        <div style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="contact-add">
            {t("contact.add")}
          </Button>
        </div>
      )}
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} />}
      <Table<Contact>
        data-testid="contact-table"
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: "max-content" }}
        columns={[
          { title: t("contact.name"), dataIndex: "name" },
          { title: t("contact.title"), dataIndex: "title" },
          { title: t("contact.phone"), dataIndex: "phone", render: (p: string) => <a href={`tel:${p}`}>{p}</a> },
          { title: t("contact.note"), dataIndex: "note" },
          ...(can
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, r: Contact) => (
                    <Space>
                      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                        {t("common.edit")}
                      </Button>
                      <Popconfirm
                        title={t("common.deleteConfirm")}
                        onConfirm={() =>
                          remove.mutateAsync(r.id).then(
                            () => message.success(t("common.deleted")),
                            (err: unknown) => message.error(errorMessage(err, t)),
                          )
                        }
                      >
                        <Button size="small" danger icon={<DeleteOutlined />}>
                          {t("common.delete")}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== undefined}
        title={editing ? t("contact.editTitle") : t("contact.add")}
        onCancel={() => setEditing(undefined)}
        onOk={() => void save()}
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
