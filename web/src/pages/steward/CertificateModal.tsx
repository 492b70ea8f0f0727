/** Add / edit a certificate of a person (type, number, issuer, dates, scan). */
import { App, DatePicker, Form, Input, Modal, Select } from "antd";
import type { ButtonProps } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { dayjs } from "../../lib/format";
import { reportFieldErrors } from "../risks/formErrors";
import { useCertTypeOptions } from "./common";
import { FileListInput, type AttachedFile } from "./FileListInput";
import { type CertificateBody, useSaveCertificate } from "./queries";
import type { Certificate } from "./types";

interface Values {
  type: string;
  title?: string;
  number: string;
  issuer?: string;
  issuedOn?: dayjs.Dayjs | null;
  validUntil: dayjs.Dayjs;
  scan?: AttachedFile[];
}

const FIELDS = ["type", "title", "number", "issuer", "issuedOn", "validUntil", "scanSha256"];

export function CertificateModal({ open, personId, cert, onClose }: { open: boolean; personId: string; cert?: Certificate | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const types = useCertTypeOptions();
  const save = useSaveCertificate(personId, cert?.id);
  const [uploading, setUploading] = useState(false);
  const type = Form.useWatch("type", form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (cert)
      form.setFieldsValue({
        type: cert.type,
        title: cert.title,
        number: cert.number,
        issuer: cert.issuer,
        issuedOn: cert.issuedOn ? dayjs(cert.issuedOn) : null,
        validUntil: dayjs(cert.validUntil),
        scan: cert.scanSha256 ? [{ sha256: cert.scanSha256, name: t("personnel.scan") }] : [],
      });
  }, [open, cert, form, t]);

  const submit = async () => {
    const v = await form.validateFields();
    const body: CertificateBody = {
      type: v.type,
      title: v.title?.trim() ?? "",
      number: v.number.trim(),
      issuer: v.issuer?.trim() ?? "",
      issuedOn: v.issuedOn ? v.issuedOn.format("YYYY-MM-DD") : null,
      validUntil: v.validUntil.format("YYYY-MM-DD"),
      scanSha256: v.scan?.[0]?.sha256 ?? null,
    };
    if (cert?.version !== undefined) body.version = cert.version;
    try {
      await save.mutateAsync(body);
      message.success(t("common.saved"));
      onClose();
    } catch (e) {
      reportFieldErrors(form, e, FIELDS, (m) => message.error(m), t);
    }
  };

  return (
    <Modal
      open={open}
      title={cert ? t("personnel.editCertificate") : t("personnel.addCertificate")}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: save.isPending, disabled: uploading, "data-testid": "cert-save" } as ButtonProps}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="type"
          label={t("personnel.certType")}
          rules={[{ required: true, message: t("common.pleaseSelect", { label: t("personnel.certType") }) }]}
        >
          <Select options={types} showSearch={{ optionFilterProp: "label" }} data-testid="cert-type" />
        </Form.Item>
        <Form.Item
          name="title"
          label={t("personnel.certTitle")}
          rules={type === "other" ? [{ required: true, whitespace: true, message: t("common.required", { label: t("personnel.certTitle") }) }] : []}
        >
          <Input maxLength={100} placeholder={t("personnel.certTitleHelp")} />
        </Form.Item>
        <Form.Item
          name="number"
          label={t("personnel.certNumber")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("personnel.certNumber") }) }]}
        >
          <Input maxLength={64} data-testid="cert-number" />
        </Form.Item>
        <Form.Item name="issuer" label={t("personnel.certIssuer")}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="issuedOn" label={t("personnel.certIssuedOn")}>
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item
          name="validUntil"
          label={t("personnel.certValidUntil")}
          rules={[{ required: true, message: t("common.pleaseSelect", { label: t("personnel.certValidUntil") }) }]}
        >
          <DatePicker style={{ width: "100%" }} data-testid="cert-valid-until" />
        </Form.Item>
        <Form.Item name="scan" label={t("personnel.scan")}>
          <FileListInput max={1} accept="image/*,application/pdf" buttonText={t("personnel.uploadScan")} onBusy={setUploading} data-testid="cert-scan" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
