/** 风险分级管控: an enterprise's risk register (objects → units → events → measures), with the PDFs of cards and QR labels. */
import { ColumnHeightOutlined, FilePdfOutlined, PlusOutlined, QrcodeOutlined, ScheduleOutlined, VerticalAlignMiddleOutlined } from "@ant-design/icons";
import { Alert, App, Button, type ButtonProps, Card, Space, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client";
import { useEnterprise } from "../../api/queries";
import type { ControlMeasure, RiskEvent, RiskObject, RiskUnit } from "../../api/types";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { errorMessage } from "../../lib/errors";
import { useIsMobile } from "../../lib/useIsMobile";
import { TaskModal } from "../inspection-tasks/TaskModal";
import { paths, useRegisterWrite, useRiskRegister } from "./api";
import { GradeLegend } from "./grade";
import { RegisterSummary } from "./RegisterSummary";
import { openShutdown, parentKeys, RegisterTable, type Row, type RowAction, rowName, toRows } from "./RegisterTable";
import { EventModal, MeasureModal, ObjectModal, ShutdownModal, UnitModal } from "./RegisterModals";
import { useCanManageRisks, useCanManageTasks } from "./useCanManage";

type Editing =
  | { type: "object"; row: RiskObject | null }
  | { type: "unit"; row: RiskUnit | null; objectId: string }
  | { type: "event"; row: RiskEvent | null; unitId: string }
  | { type: "measure"; row: ControlMeasure | null; eventId: string }
  | { type: "shutdown"; unit: RiskUnit }
  | { type: "task"; measure: ControlMeasure; unit: RiskUnit }
  | null;

export default function RiskRegisterPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const isMobile = useIsMobile();
  const enterprise = useEnterprise(id);
  const register = useRiskRegister(id);
  const write = useRegisterWrite(id);
  const canManage = useCanManageRisks(register.data);
  const canManageTasks = useCanManageTasks();
  const [editing, setEditing] = useState<Editing>(null);
  const rows = useMemo(() => toRows(register.data?.objects ?? []), [register.data]);
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const expandedKeys = expanded ?? parentKeys(rows);
  const classify3Options = useMemo(() => {
    const s = new Set<string>();
    for (const o of register.data?.objects ?? [])
      for (const u of o.units ?? []) for (const e of u.events ?? []) for (const m of e.measures ?? []) if (m.classify3) s.add(m.classify3);
    return [...s];
  }, [register.data]);

  /** The level that owns the event's grade under the bands in force (§1.7): the default for a new measure. */
  const ownerLevel = (eventId: string) => {
    for (const o of register.data?.objects ?? [])
      for (const u of o.units ?? [])
        for (const e of u.events ?? []) if (e.id === eventId && e.riskGrade) return register.data?.bands?.controlLevels?.[e.riskGrade];
    return undefined;
  };

  const err = register.error ?? enterprise.error;
  if (err instanceof ApiError && err.status >= 400 && err.status < 500) return <NotFound message={t("enterprise.notFound")} />;
  if (register.isPending) return <PageLoading />;

  const save = async (method: "POST" | "PATCH", path: string, body: unknown) => {
    await write.mutateAsync({ method, path, body });
    message.success(t("common.saved"));
    setEditing(null);
  };
  const close = () => setEditing(null);
  /** Opens the new child's parent so the added row is in view. */
  const reveal = (key: string) => setExpanded((prev) => [...new Set([...(prev ?? parentKeys(rows)), key])]);

  const confirmDelete = (r: Row) => {
    const path =
      r.kind === "object"
        ? paths.object(r.object.id)
        : r.kind === "unit"
          ? paths.unit(r.unit.id)
          : r.kind === "event"
            ? paths.event(r.event.id)
            : paths.measure(r.measure.id);
    modal.confirm({
      title: t("risks.deleteTitle", { name: rowName(r) }),
      content: r.kind === "measure" ? undefined : t("risks.deleteCascade"),
      okText: t("common.delete"),
      okButtonProps: { danger: true, "data-testid": "confirm-delete" } as ButtonProps,
      onOk: () =>
        write.mutateAsync({ method: "DELETE", path }).then(
          () => void message.success(t("common.deleted")),
          (e: unknown) => void message.error(errorMessage(e, t)),
        ),
    });
  };

  const onAction = (a: RowAction) => {
    switch (a.type) {
      case "add-unit":
        reveal(`o:${a.object.id}`);
        return setEditing({ type: "unit", row: null, objectId: a.object.id });
      case "add-event":
        reveal(`u:${a.unit.id}`);
        return setEditing({ type: "event", row: null, unitId: a.unit.id });
      case "add-measure":
        reveal(`e:${a.event.id}`);
        return setEditing({ type: "measure", row: null, eventId: a.event.id });
      case "add-task":
        return setEditing({ type: "task", measure: a.measure, unit: a.unit });
      case "shutdown":
        return setEditing({ type: "shutdown", unit: a.unit });
      case "end-shutdown": {
        const sd = openShutdown(a.unit);
        if (!sd) return;
        modal.confirm({
          title: t("risks.shutdown.endConfirm", { name: a.unit.name }),
          okButtonProps: { "data-testid": "confirm-end-shutdown" } as ButtonProps,
          onOk: () =>
            write.mutateAsync({ method: "POST", path: paths.endShutdown(sd.id), body: {} }).then(
              () => void message.success(t("risks.shutdown.ended")),
              (e: unknown) => void message.error(errorMessage(e, t)),
            ),
        });
        return;
      }
      case "delete":
        return confirmDelete(a.row);
      case "edit": {
        const r = a.row;
        if (r.kind === "object") return setEditing({ type: "object", row: r.object });
        if (r.kind === "unit") return setEditing({ type: "unit", row: r.unit, objectId: r.object.id });
        if (r.kind === "event") return setEditing({ type: "event", row: r.event, unitId: r.unit.id });
        return setEditing({ type: "measure", row: r.measure, eventId: r.event.id });
      }
    }
  };

  const name = enterprise.data?.name ?? "";
  const allKeys = parentKeys(rows);
  return (
    <>
      <PageHeader
        title={t("risks.title")}
        sub={
          <Space wrap size={[12, 4]}>
            {name && <span>{name}</span>}
            <GradeLegend />
          </Space>
        }
        extra={
          <>
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} data-testid="add-object" onClick={() => setEditing({ type: "object", row: null })}>
                {t("risks.object.add")}
              </Button>
            )}
            <Button icon={<FilePdfOutlined />} href={paths.riskCards(id)} target="_blank" data-testid="risk-cards-pdf">
              {t("risks.riskCards")}
            </Button>
            <Button icon={<QrcodeOutlined />} href={paths.qrLabels(id)} target="_blank" data-testid="qr-labels-pdf">
              {t("risks.qrLabels")}
            </Button>
          </>
        }
      />
      {register.error && <Alert type="error" showIcon title={errorMessage(register.error, t)} style={{ marginBottom: 16 }} />}
      <RegisterSummary objects={register.data?.objects ?? []} enterpriseId={id} />
      <Card
        title={t("risks.registerTitle")}
        extra={
          <Space size={4} wrap>
            {!isMobile && (
              <>
                <Link to={`/enterprises/${id}/risk-map`}>
                  <Button size="small" type="link">
                    {t("riskMap.title")}
                  </Button>
                </Link>
                <Link to={`/enterprises/${id}/inspection-tasks`}>
                  <Button size="small" type="link" icon={<ScheduleOutlined />}>
                    {t("inspectionTasks.title")}
                  </Button>
                </Link>
              </>
            )}
            <Button
              size="small"
              icon={expandedKeys.length ? <VerticalAlignMiddleOutlined /> : <ColumnHeightOutlined />}
              onClick={() => setExpanded(expandedKeys.length ? [] : allKeys)}
            >
              {expandedKeys.length ? t("risks.collapseAll") : t("risks.expandAll")}
            </Button>
          </Space>
        }
        styles={{ body: { padding: 0 } }}
      >
        <RegisterTable rows={rows} expanded={expandedKeys} onExpand={setExpanded} canManage={canManage} canManageTasks={canManageTasks} onAction={onAction} />
        {!canManage && rows.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ padding: "8px 16px", margin: 0 }}>
            {t("risks.readOnly")}
          </Typography.Paragraph>
        )}
      </Card>

      <ObjectModal
        open={editing?.type === "object"}
        row={editing?.type === "object" ? editing.row : null}
        enterpriseId={id}
        onCancel={close}
        onSubmit={(b) =>
          editing?.type === "object" && editing.row
            ? save("PATCH", paths.object(editing.row.id), { ...b, expectedVersion: editing.row.version })
            : save("POST", paths.objects(id), b)
        }
      />
      <UnitModal
        open={editing?.type === "unit"}
        row={editing?.type === "unit" ? editing.row : null}
        enterpriseId={id}
        onCancel={close}
        onSubmit={(b) =>
          editing?.type === "unit"
            ? editing.row
              ? save("PATCH", paths.unit(editing.row.id), { ...b, expectedVersion: editing.row.version })
              : save("POST", paths.units(editing.objectId), b)
            : Promise.resolve()
        }
      />
      <EventModal
        open={editing?.type === "event"}
        row={editing?.type === "event" ? editing.row : null}
        enterpriseId={id}
        onCancel={close}
        onSubmit={(b) =>
          editing?.type === "event"
            ? editing.row
              ? save("PATCH", paths.event(editing.row.id), { ...b, expectedVersion: editing.row.version })
              : save("POST", paths.events(editing.unitId), b)
            : Promise.resolve()
        }
      />
      <MeasureModal
        open={editing?.type === "measure"}
        row={editing?.type === "measure" ? editing.row : null}
        enterpriseId={id}
        classify3Options={classify3Options}
        defaultLevel={editing?.type === "measure" ? ownerLevel(editing.eventId) : undefined}
        onCancel={close}
        onSubmit={(b) =>
          editing?.type === "measure"
            ? editing.row
              ? save("PATCH", paths.measure(editing.row.id), { ...b, expectedVersion: editing.row.version })
              : save("POST", paths.measures(editing.eventId), b)
            : Promise.resolve()
        }
      />
      <ShutdownModal
        open={editing?.type === "shutdown"}
        onCancel={close}
        onSubmit={(b) => (editing?.type === "shutdown" ? save("POST", paths.shutdowns(editing.unit.id), b) : Promise.resolve())}
      />
      <TaskModal
        open={editing?.type === "task"}
        enterpriseId={id}
        task={null}
        measure={editing?.type === "task" ? { ...editing.measure, unitName: editing.unit.name } : null}
        onClose={close}
      />
    </>
  );
}
