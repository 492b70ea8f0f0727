/** Create (from a control measure) or edit an inspection task: cycle, work days and hours, 包保 work type, assignee. */
import { inspectionTaskFields, TASK_NUM_MAX, WORK_DAY_TYPES, WORK_TYPES } from "@anguan/domain";
import { Alert, App, Col, DatePicker, Form, Input, InputNumber, Row, Select, TimePicker, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { ControlMeasure, InspectionTask } from "../../api/types";
import { dayjs } from "../../lib/format";
import { useAssignableUsers } from "../risks/api";
import { FormModal } from "../risks/FormModal";
import { type TaskBody, useTaskWrite } from "./api";
import { useLabels, pick } from "../../i18n/labels";
import { asText, zodRule } from "../../lib/zodRule";
import { CYCLE_UNITS, cycleText } from "./cycle";

interface Props {
  open: boolean;
  enterpriseId: string;
  /** Editing this task; null when creating one from `measure`. */
  task: InspectionTask | null;
  measure: (Pick<ControlMeasure, "id" | "description" | "troubleshootContent"> & { unitName?: string }) | null;
  onClose: () => void;
}

const KNOWN = ["content", "cycle", "cycleUnit", "workDayType", "workStart", "workEnd", "workType", "taskNum", "assigneeUserId", "assigneePost", "startAt"];

const timeProps = {
  getValueProps: (v: string | null) => ({ value: v ? dayjs(v, "HH:mm") : undefined }),
  normalize: (d: dayjs.Dayjs | null) => (d ? d.format("HH:mm") : null),
};
const dateTimeProps = {
  getValueProps: (v: string | null) => ({ value: v ? dayjs(v) : undefined }),
  normalize: (d: dayjs.Dayjs | null) => (d ? d.toISOString() : null),
};

export function TaskModal({ open, enterpriseId, task, measure, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const write = useTaskWrite(enterpriseId);
  const initial: Partial<TaskBody> = task
    ? { ...task, workStart: task.workStart?.slice(0, 5) ?? null, workEnd: task.workEnd?.slice(0, 5) ?? null }
    : {
        content: measure?.troubleshootContent || measure?.description || "",
        cycle: 1,
        cycleUnit: "day",
        workDayType: 0,
        workType: 0,
        taskNum: null,
        workStart: "08:00",
        workEnd: "18:00",
        assigneeUserId: null,
        assigneePost: "",
        startAt: dayjs().startOf("day").toISOString(),
      };
  return (
    <FormModal<TaskBody>
      open={open}
      title={task ? t("inspectionTasks.edit") : t("inspectionTasks.create")}
      testId="task-form"
      width={720}
      known={KNOWN}
      initial={initial}
      onCancel={onClose}
      onSubmit={async (v) => {
        const hourly = v.cycleUnit === "hour";
        const body: TaskBody = {
          content: v.content,
          cycle: v.cycle,
          cycleUnit: v.cycleUnit,
          workDayType: v.workDayType,
          workStart: hourly ? (v.workStart ?? null) : null,
          workEnd: hourly ? (v.workEnd ?? null) : null,
          workType: v.workType,
          taskNum: v.workType ? (v.taskNum ?? null) : null,
          assigneeUserId: v.assigneeUserId ?? null,
          assigneePost: v.assigneePost ?? "",
          startAt: v.startAt,
        };
        if (task) await write.update.mutateAsync({ id: task.id, body: { ...body, expectedVersion: task.version } });
        else if (measure) await write.create.mutateAsync({ measureId: measure.id, body });
        message.success(t("common.saved"));
        onClose();
      }}
    >
      {measure && !task && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t("inspectionTasks.fromMeasure", { measure: measure.description })}
          description={measure.unitName ? t("inspectionTasks.unitIs", { unit: measure.unitName }) : undefined}
        />
      )}
      <TaskFields enterpriseId={enterpriseId} open={open} />
    </FormModal>
  );
}

function TaskFields({ enterpriseId, open }: { enterpriseId: string; open: boolean }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<TaskBody>();
  const users = useAssignableUsers(enterpriseId, open).data ?? [];
  const cycleUnit = Form.useWatch("cycleUnit", form);
  const workType = Form.useWatch("workType", form) as number | undefined;
  const cycle = Form.useWatch("cycle", form) as number | undefined;
  const workStart = Form.useWatch("workStart", form) as string | null | undefined;
  const workEnd = Form.useWatch("workEnd", form) as string | null | undefined;
  const workDayType = Form.useWatch("workDayType", form) as number | undefined;
  const hourly = cycleUnit === "hour";
  const labels = useLabels();
  const max = workType ? (TASK_NUM_MAX[workType as 1 | 2 | 3] ?? 10) : 0;
  return (
    <Row gutter={16}>
      <Col xs={24}>
        <Form.Item name="content" label={t("inspectionTasks.content")} required rules={[zodRule(inspectionTaskFields.content, asText)]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="task-content" />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item
          name="cycle"
          label={t("inspectionTasks.cycle")}
          rules={[{ required: true, type: "integer", min: 1, message: t("inspectionTasks.cycleMin") }]}
        >
          <InputNumber min={1} max={1000} precision={0} style={{ width: "100%" }} data-testid="task-cycle" />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name="cycleUnit" label={t("inspectionTasks.cycleUnit")} rules={[{ required: true }]}>
          <Select data-testid="task-cycle-unit" options={CYCLE_UNITS.map((u) => ({ value: u, label: t(`inspectionTasks.units.${u}`) }))} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="workDayType" label={t("inspectionTasks.workDayType")} rules={[{ required: true }]}>
          <Select data-testid="task-workday" options={([0, 1, 2] as const).map((v) => ({ value: v, label: pick(WORK_DAY_TYPES[v], labels.lang) }))} />
        </Form.Item>
      </Col>
      {hourly && (
        <>
          <Col xs={12} md={6}>
            <Form.Item
              name="workStart"
              label={t("inspectionTasks.workStart")}
              rules={[{ required: true, message: t("inspectionTasks.hoursNeeded") }]}
              {...timeProps}
            >
              <TimePicker format="HH:mm" minuteStep={5} style={{ width: "100%" }} data-testid="task-work-start" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="workEnd"
              label={t("inspectionTasks.workEnd")}
              dependencies={["workStart"]}
              rules={[
                { required: true, message: t("inspectionTasks.hoursNeeded") },
                ({ getFieldValue }) => ({
                  validator: async (_r, v: string | null) => {
                    const from = getFieldValue("workStart") as string | null;
                    if (v && from && v <= from) throw new Error(t("inspectionTasks.endAfterStart"));
                  },
                }),
              ]}
              {...timeProps}
            >
              <TimePicker format="HH:mm" minuteStep={5} style={{ width: "100%" }} data-testid="task-work-end" />
            </Form.Item>
          </Col>
        </>
      )}
      <Col xs={24} md={hourly ? 12 : 12}>
        <Form.Item name="startAt" label={t("inspectionTasks.startAt")} rules={[{ required: true }]} {...dateTimeProps}>
          <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" style={{ width: "100%" }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="workType" label={t("inspectionTasks.workType")} rules={[{ required: true }]}>
          <Select
            data-testid="task-work-type"
            options={([0, 1, 2, 3] as const).map((v) => ({ value: v, label: pick(WORK_TYPES[v], labels.lang) }))}
            onChange={(v: number) => {
              if (!v) form.setFieldValue("taskNum", null);
            }}
          />
        </Form.Item>
      </Col>
      {!!workType && (
        <Col xs={24} md={12}>
          <Form.Item
            name="taskNum"
            label={t("inspectionTasks.taskNum")}
            tooltip={t("inspectionTasks.taskNumHint")}
            rules={[{ required: true, message: t("inspectionTasks.taskNumRange", { max }) }]}
          >
            <Select
              data-testid="task-num"
              options={Array.from({ length: max }, (_, i) => ({ value: i + 1, label: t("inspectionTasks.itemN", { n: i + 1 }) }))}
            />
          </Form.Item>
        </Col>
      )}
      <Col xs={24} md={12}>
        <Form.Item name="assigneeUserId" label={t("inspectionTasks.assignee")}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            data-testid="task-assignee"
            options={users.map((u) => ({ value: u.id, label: u.displayName }))}
            placeholder={t("inspectionTasks.assigneeHint")}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="assigneePost" label={t("inspectionTasks.assigneePost")}>
          <Input maxLength={50} placeholder={t("inspectionTasks.postPlaceholder")} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Typography.Text type="secondary" data-testid="task-cycle-preview">
          {cycle && cycleUnit ? t("inspectionTasks.preview", { text: cycleText(t, { cycle, cycleUnit, workStart, workEnd, workDayType }) }) : null}
        </Typography.Text>
      </Col>
    </Row>
  );
}
