import { App, Alert, Button, Form, Space } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { enterpriseInputSchema, type EnterpriseInput } from "@anguan/domain";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { ApiError, api } from "../../api/client";
import { keys, useEnterprise } from "../../api/queries";
import type { Enterprise } from "../../api/types";
import { useCurrentUser } from "../../components/MeContext";
import { Forbidden, NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { applyFieldErrors, errorMessage } from "../../lib/errors";
import { EnterpriseFields } from "./EnterpriseFields";
import { EMPTY, FIELD_NAMES, type FormValues, changedFields, fromEnterprise, normalise } from "./formModel";

/** /enterprises/new and /enterprises/:id/edit. */
export default function EnterpriseFormPage() {
  const { id } = useParams();
  const isEdit = !!id;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useCurrentUser();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const existing = useEnterprise(id);
  const e = existing.data;

  useEffect(() => {
    if (e) form.setFieldsValue(fromEnterprise(e));
  }, [e, form]);

  if (isEdit && existing.isPending) return <PageLoading />;
  if (isEdit && existing.error instanceof ApiError && existing.error.status < 500) return <NotFound message={t("enterprise.notFound")} />;
  if (isEdit && (existing.error || !e)) return <Alert type="error" showIcon title={errorMessage(existing.error, t)} />;
  if (isEdit ? !e?.abilities.update : !me.abilities.enterprises.create) return <Forbidden />;

  const refresh = async () => {
    setConflict(false);
    const fresh = await existing.refetch();
    if (fresh.data) form.setFieldsValue(fromEnterprise(fresh.data));
  };

  const onFinish = async (values: FormValues) => {
    setFormError(null);
    const parsed = enterpriseInputSchema.safeParse(normalise(values));
    if (!parsed.success) {
      form.setFields(parsed.error.issues.map((i) => ({ name: String(i.path[0]) as keyof EnterpriseInput, errors: [i.message] })));
      return;
    }
    let body: Partial<EnterpriseInput> & { expectedVersion?: number } = parsed.data;
    if (isEdit && e) {
      const changed = changedFields(parsed.data, e);
      if (Object.keys(changed).length === 0) {
        message.info(t("form.noChanges"));
        navigate(`/enterprises/${e.id}`);
        return;
      }
      body = { ...changed, expectedVersion: e.version };
    }
    setSaving(true);
    try {
      const saved = isEdit && e ? await api.patch<Enterprise>(`/api/enterprises/${e.id}`, body) : await api.post<Enterprise>("/api/enterprises", body);
      qc.setQueryData(keys.enterprise(saved.id), saved);
      void qc.invalidateQueries({ queryKey: ["enterprises"] });
      void qc.invalidateQueries({ queryKey: keys.dashboard });
      void qc.invalidateQueries({ queryKey: keys.sub(saved.id, "history") });
      message.success(isEdit ? t("common.saved") : t("form.created"));
      navigate(`/enterprises/${saved.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === "DUPLICATE_CREDIT_CODE" && err.fields.length === 0) {
        form.setFields([{ name: "creditCode", errors: [err.message] }]);
      } else if (err instanceof ApiError && err.status === 409 && err.fields.length === 0) {
        setConflict(true);
      } else {
        const leftover = applyFieldErrors(form, err, FIELD_NAMES);
        if (!(err instanceof ApiError) || err.fields.length === 0) setFormError(errorMessage(err, t));
        else if (leftover.length) setFormError(leftover.join("；"));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader title={isEdit && e ? t("form.editTitle", { name: e.name }) : t("form.createTitle")} />
      {conflict && (
        <Alert
          type="warning"
          showIcon
          data-testid="conflict"
          title={t("form.conflict")}
          style={{ marginBottom: 16 }}
          action={
            <Button size="small" onClick={() => void refresh()}>
              {t("form.reload")}
            </Button>
          }
        />
      )}
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={isEdit ? undefined : EMPTY}
        onFinish={onFinish}
        onFinishFailed={() => message.error(t("form.fixErrors"))}
        scrollToFirstError={{ block: "center" }}
        data-testid="enterprise-form"
      >
        <EnterpriseFields locked={e?.lockedFields ?? []} />
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="enterprise-save">
            {t("common.save")}
          </Button>
          <Button onClick={() => navigate(-1)}>{t("common.cancel")}</Button>
        </Space>
      </Form>
    </>
  );
}
