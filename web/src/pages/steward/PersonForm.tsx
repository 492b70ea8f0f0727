/** Add / edit a person of the registry (人员台账) in a drawer: employee or contractor's worker, post, team, 三项岗位, login. */
import { App, Button, Drawer, Form, Input, Radio, Select, Space } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useIsMobile } from "../../lib/useIsMobile";
import { reportFieldErrors } from "../risks/formErrors";
import { useKeyGroupOptions } from "./common";
import { type PersonBody, useEnterpriseLogins, useSavePerson, useTeams } from "./queries";
import type { Person } from "./types";

interface Values {
  name: string;
  kind: "employee" | "contractor";
  contractorCompany?: string;
  idNumber?: string;
  phone?: string;
  department?: string;
  post?: string;
  teamId?: string | null;
  keyGroup?: string | null;
  userId?: string | null;
}

const FIELDS = ["name", "kind", "contractorCompany", "idNumber", "phone", "department", "post", "teamId", "keyGroup", "userId"];

export function PersonFormDrawer({
  open,
  person,
  enterpriseId,
  onClose,
  onSaved,
}: {
  open: boolean;
  person?: Person | null;
  enterpriseId: string | undefined;
  onClose: () => void;
  onSaved?: (p: Person) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const entId = person?.enterpriseId ?? enterpriseId;
  const teams = useTeams(entId);
  const logins = useEnterpriseLogins(entId, open);
  const keyGroups = useKeyGroupOptions();
  const save = useSavePerson(person?.id);
  const kind = Form.useWatch("kind", form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      person
        ? {
            name: person.name,
            kind: person.kind,
            contractorCompany: person.contractorCompany,
            phone: person.phone,
            department: person.department,
            post: person.post,
            teamId: person.teamId,
            keyGroup: person.keyGroup,
            userId: person.userId,
          }
        : { kind: "employee" },
    );
  }, [open, person, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const body: PersonBody = {
      name: v.name.trim(),
      kind: v.kind,
      contractorCompany: v.kind === "contractor" ? (v.contractorCompany ?? "").trim() : "",
      phone: v.phone?.trim() ?? "",
      department: v.department?.trim() ?? "",
      post: v.post?.trim() ?? "",
      teamId: v.teamId ?? null,
      keyGroup: v.keyGroup ?? null,
      userId: v.userId ?? null,
    };
    if (v.idNumber?.trim()) body.idNumber = v.idNumber.trim();
    if (person) body.version = person.version;
    else body.enterpriseId = entId;
    try {
      const saved = await save.mutateAsync(body);
      message.success(t("common.saved"));
      onSaved?.(saved);
      onClose();
    } catch (e) {
      reportFieldErrors(form, e, FIELDS, (m) => message.error(m), t);
    }
  };

  const loginOptions = (logins.data?.candidates ?? []).map((u) => ({ value: u.id, label: u.displayName }));
  if (person?.userId && person.userName && !loginOptions.some((o) => o.value === person.userId))
    loginOptions.unshift({ value: person.userId, label: person.userName });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={person ? t("personnel.editPerson") : t("personnel.addPerson")}
      size={mobile ? "100%" : 480}
      destroyOnHidden
      data-testid="person-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="person-save">
            {t("common.save")}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item
          name="name"
          label={t("personnel.name")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("personnel.name") }) }]}
        >
          <Input maxLength={50} data-testid="person-name" />
        </Form.Item>
        <Form.Item name="kind" label={t("personnel.kind")} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: "employee", label: t("personnel.kinds.employee") },
              { value: "contractor", label: t("personnel.kinds.contractor") },
            ]}
          />
        </Form.Item>
        {kind === "contractor" && (
          <Form.Item
            name="contractorCompany"
            label={t("personnel.contractorCompany")}
            rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("personnel.contractorCompany") }) }]}
          >
            <Input maxLength={100} data-testid="person-contractor" />
          </Form.Item>
        )}
        <Form.Item
          name="idNumber"
          label={t("personnel.idNumber")}
          extra={person?.idNumberMasked ? t("personnel.idNumberKept", { masked: person.idNumberMasked }) : t("personnel.idNumberHelp")}
          rules={[{ pattern: /^\d{17}[\dXx]$/, message: t("personnel.idNumberInvalid") }]}
        >
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item name="phone" label={t("personnel.phone")}>
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
        <Form.Item name="department" label={t("personnel.department")}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="post" label={t("personnel.post")}>
          <Input maxLength={50} data-testid="person-post" />
        </Form.Item>
        <Form.Item name="teamId" label={t("personnel.team")}>
          <Select allowClear options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))} data-testid="person-team" />
        </Form.Item>
        <Form.Item name="keyGroup" label={t("personnel.keyGroup")} extra={t("personnel.keyGroupHelp")}>
          <Select allowClear options={keyGroups} data-testid="person-key-group" />
        </Form.Item>
        {loginOptions.length > 0 && (
          <Form.Item name="userId" label={t("personnel.login")} extra={t("personnel.loginHelp")}>
            <Select allowClear showSearch={{ optionFilterProp: "label" }} options={loginOptions} />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
