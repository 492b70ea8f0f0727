import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import { LICENCE_TYPES, licenceInputSchema, type LicenceInput } from "@anguan/domain";
import { App, Button, type ButtonProps, Col, DatePicker, Form, Input, Modal, Row, Select, Space, Upload } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Licence, StoredFile } from "../../api/types";
import { fileUrl, uploadToFiles } from "../../components/fileUpload";
import { useLabels } from "../../i18n/labels";
import { errorMessage, reportFormError } from "../../lib/errors";
import { dayjs } from "../../lib/format";
import { asNullable, asText, zodRule } from "../../lib/zodRule";

const shape = licenceInputSchema.shape;
const FIELDS = ["type", "number", "issuer", "validFrom", "validUntil", "fileSha256"] as const;

interface Props {
  open: boolean;
  initial: Licence | null;
  onCancel: () => void;
  onSubmit: (values: LicenceInput) => Promise<unknown>;
}

const dateProps = {
  getValueProps: (v: string | null) => ({ value: v ? dayjs(v) : undefined }),
  normalize: (d: dayjs.Dayjs | null) => (d ? d.format("YYYY-MM-DD") : null),
};

export function LicenceModal({ open, initial, onCancel, onSubmit }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<LicenceInput>();
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(false);
  const fileSha = Form.useWatch("fileSha256", form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      initial
        ? {
            type: initial.type,
            number: initial.number,
            issuer: initial.issuer,
            validFrom: initial.validFrom,
            validUntil: initial.validUntil,
            fileSha256: initial.fileSha256,
          }
        : { type: "business_licence", issuer: "", validFrom: null, validUntil: null, fileSha256: null },
    );
  }, [open, initial, form]);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setSaving(true);
    try {
      await onSubmit({
        ...values,
        issuer: values.issuer ?? "",
        validFrom: values.validFrom ?? null,
        validUntil: values.validUntil ?? null,
        fileSha256: values.fileSha256 ?? null,
      });
    } catch (e) {
      reportFormError(form, e, FIELDS, (m) => void message.error(m), t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={initial ? t("licence.editTitle") : t("licence.add")}
      onCancel={onCancel}
      onOk={() => void submit()}
      okText={t("common.save")}
      confirmLoading={saving}
      okButtonProps={{ disabled: uploading, ...({ "data-testid": "licence-save" } as ButtonProps) }}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" data-testid="licence-form">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="type" label={t("licence.type")} required rules={[zodRule(shape.type)]}>
              <Select options={labels.options(LICENCE_TYPES)} showSearch={{ optionFilterProp: "label" }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="number" label={t("licence.number")} required rules={[zodRule(shape.number, asText)]}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="issuer" label={t("licence.issuer")} rules={[zodRule(shape.issuer, asText)]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="validFrom" label={t("licence.validFrom")} {...dateProps}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="validUntil"
              label={t("licence.validUntil")}
              dependencies={["validFrom"]}
              {...dateProps}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_r, v: string | null) => {
                    const from = getFieldValue("validFrom") as string | null;
                    if (v && from && v < from) throw new Error(t("licence.untilBeforeFrom"));
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="fileSha256" label={t("licence.file")} normalize={asNullable}>
              <ScanField sha={fileSha ?? null} onUploading={setUploading} onChange={(v) => form.setFieldValue("fileSha256", v)} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

function ScanField({ sha, onChange, onUploading }: { sha: string | null; onChange: (v: string | null) => void; onUploading: (b: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <Space wrap>
      {sha && (
        <>
          <a href={fileUrl(sha)} target="_blank" rel="noreferrer">
            <PaperClipOutlined /> {t("licence.viewScan")}
          </a>
          <Button size="small" icon={<DeleteOutlined />} onClick={() => onChange(null)}>
            {t("licence.removeScan")}
          </Button>
        </>
      )}
      <Upload
        data-testid="licence-upload"
        accept="image/*,application/pdf"
        maxCount={1}
        showUploadList={false}
        customRequest={uploadToFiles(async (f: StoredFile) => onChange(f.sha256))}
        onChange={({ file }) => {
          onUploading(file.status === "uploading");
          if (file.status === "error") message.error(errorMessage(file.error, t));
        }}
      >
        <Button size="small" icon={<UploadOutlined />}>
          {t("licence.uploadScan")}
        </Button>
      </Upload>
    </Space>
  );
}
