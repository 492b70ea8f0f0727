/** Editable checklist items (Form.List under `name`): category, content, basis; ids are kept for existing items. */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Col, Form, Input, Row } from "antd";
import { useTranslation } from "react-i18next";

export function ItemsEditor({ name, addLabel }: { name: string; addLabel: string }) {
  const { t } = useTranslation();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((f, i) => (
            <Row key={f.key} gutter={8} align="top" data-testid="item-row" style={{ borderBottom: "1px dashed #eef0f3", marginBottom: 8 }}>
              <Form.Item name={[f.name, "id"]} hidden>
                <Input />
              </Form.Item>
              <Col xs={24} md={5}>
                <Form.Item name={[f.name, "category"]} style={{ marginBottom: 8 }}>
                  <Input placeholder={t("checklists.category")} maxLength={50} />
                </Form.Item>
              </Col>
              <Col xs={24} md={11}>
                <Form.Item
                  name={[f.name, "content"]}
                  style={{ marginBottom: 8 }}
                  rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("checklists.content") }) }]}
                >
                  <Input.TextArea
                    autoSize={{ minRows: 1, maxRows: 4 }}
                    placeholder={`${i + 1}. ${t("checklists.content")}`}
                    maxLength={500}
                    data-testid="item-content"
                  />
                </Form.Item>
              </Col>
              <Col xs={20} md={7}>
                <Form.Item name={[f.name, "basis"]} style={{ marginBottom: 8 }}>
                  <Input placeholder={t("checklists.basis")} maxLength={300} />
                </Form.Item>
              </Col>
              <Col xs={4} md={1}>
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={t("common.delete")} onClick={() => remove(f.name)} />
              </Col>
            </Row>
          ))}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ content: "", category: "", basis: "" })} data-testid="item-add">
            {addLabel}
          </Button>
        </>
      )}
    </Form.List>
  );
}

/** Field paths of an items list for server errors ("extraItems.3.content"). */
export const itemPaths = (name: string, count: number) =>
  Array.from({ length: count }, (_, i) => ["content", "category", "basis", "id"].map((k) => `${name}.${i}.${k}`)).flat();
