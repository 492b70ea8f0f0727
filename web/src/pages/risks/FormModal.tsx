/** A modal with one form: fills it when opened, validates, submits, and puts server field errors on the fields. */
import { App, type ButtonProps, Form, Modal } from "antd";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useIsMobile } from "../../lib/useIsMobile";
import { reportFieldErrors } from "./formErrors";

interface Props<T> {
  open: boolean;
  title: ReactNode;
  initial: Partial<T>;
  /** Field paths with dots, for the server's field errors. */
  known: readonly string[];
  onCancel: () => void;
  /** Resolve to close the modal; throw to keep it open (field errors are shown). */
  onSubmit: (values: T) => Promise<unknown>;
  testId: string;
  width?: number;
  okText?: string;
  children: ReactNode;
}

export function FormModal<T extends object>({ open, title, initial, known, onCancel, onSubmit, testId, width = 640, okText, children }: Props<T>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<T>();
  const [saving, setSaving] = useState(false);

  // Filled once per opening: `initial` is rebuilt on every render of the caller.
  const initialRef = useRef(initial);
  initialRef.current = initial;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(initialRef.current as Parameters<typeof form.setFieldsValue>[0]);
  }, [open, form]);

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setSaving(true);
    try {
      await onSubmit(values);
    } catch (e) {
      reportFieldErrors(form, e, known, (m) => void message.error(m), t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      onOk={() => void submit()}
      okText={okText ?? t("common.save")}
      confirmLoading={saving}
      okButtonProps={{ "data-testid": `${testId}-save` } as ButtonProps}
      destroyOnHidden
      forceRender={false}
      width={isMobile ? "100%" : width}
      style={isMobile ? { top: 8, maxWidth: "calc(100vw - 16px)" } : undefined}
    >
      <Form form={form} layout="vertical" data-testid={testId} preserve={false}>
        {children}
      </Form>
    </Modal>
  );
}
