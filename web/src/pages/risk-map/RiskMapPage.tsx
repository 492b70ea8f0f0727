/** 风险四色图: plant layouts with areas drawn as polygons, each coloured by the highest grade of its linked units. */
import { DeleteOutlined, EditOutlined, PlusOutlined, UndoOutlined } from "@ant-design/icons";
import { Alert, App, Button, type ButtonProps, Card, Col, Empty, Form, Input, List, Modal, Popconfirm, Row, Select, Space, Typography, Upload } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import { useEnterprise } from "../../api/queries";
import type { RiskColor, RiskGrade, RiskMap, RiskUnit, StoredFile } from "../../api/types";
import { fileUrl, uploadToFiles } from "../../components/fileUpload";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { errorMessage } from "../../lib/errors";
import { useRiskRegister } from "../risks/api";
import { colorOf, GradeLegend, GradeTag, highestGrade } from "../risks/grade";
import { useCanManageRisks } from "../risks/useCanManage";
import { useMapWrites, useRiskMap, useRiskMaps } from "./api";
import { type CanvasArea, MapCanvas, type Point } from "./MapCanvas";

interface DraftArea {
  key: string;
  name: string;
  polygon: Point[];
  unitIds: string[];
}

export default function RiskMapPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const enterprise = useEnterprise(id);
  const maps = useRiskMaps(id);
  const register = useRiskRegister(id);
  const canManage = useCanManageRisks(register.data);
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const chosen = params.get("map");
  const mapId = chosen ?? maps.data?.[0]?.id ?? null;
  const map = useRiskMap(mapId);

  const units = useMemo(() => (register.data?.objects ?? []).flatMap((o) => o.units ?? []), [register.data]);

  if (maps.error instanceof ApiError && maps.error.status < 500) return <NotFound message={t("enterprise.notFound")} />;
  if (maps.isPending) return <PageLoading />;

  const choose = (m: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (m) next.set("map", m);
        else next.delete("map");
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title={t("riskMap.title")}
        sub={
          <Space wrap size={[12, 4]}>
            {enterprise.data?.name && <span>{enterprise.data.name}</span>}
            <GradeLegend />
          </Space>
        }
        extra={
          <>
            {(maps.data?.length ?? 0) > 0 && (
              <Select
                style={{ minWidth: 180 }}
                value={mapId ?? undefined}
                onChange={(v: string) => choose(v)}
                options={(maps.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
                data-testid="map-select"
              />
            )}
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="map-create">
                {t("riskMap.create")}
              </Button>
            )}
            <Link to={`/enterprises/${id}/risks`}>
              <Button>{t("risks.title")}</Button>
            </Link>
          </>
        }
      />
      {maps.error && <Alert type="error" showIcon title={errorMessage(maps.error, t)} style={{ marginBottom: 16 }} />}
      {!mapId ? (
        <Card>
          <Empty description={t("riskMap.none")}>
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t("riskMap.create")}
              </Button>
            )}
          </Empty>
        </Card>
      ) : map.isPending ? (
        <PageLoading />
      ) : map.error || !map.data ? (
        <Alert type="error" showIcon title={errorMessage(map.error, t)} />
      ) : (
        <MapWorkspace key={map.data.id} enterpriseId={id} map={map.data} units={units} canManage={canManage} onDeleted={() => choose(null)} />
      )}
      <CreateMapModal open={creating} enterpriseId={id} onClose={() => setCreating(false)} onCreated={(m) => choose(m)} />
    </>
  );
}

function CreateMapModal({
  open,
  enterpriseId,
  onClose,
  onCreated,
}: {
  open: boolean;
  enterpriseId: string;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; imageSha256: string }>();
  const writes = useMapWrites(enterpriseId);
  const [uploading, setUploading] = useState(false);
  const sha = Form.useWatch("imageSha256", form) as string | undefined;
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      const m = await writes.create.mutateAsync(v);
      message.success(t("common.saved"));
      onClose();
      if (m?.id) onCreated(m.id);
    } catch (e) {
      const fields = e instanceof ApiError ? e.fields : [];
      if (fields.length) form.setFields(fields.map((f) => ({ name: f.field.replace(/^body[./]/, "").split(/[./]/)[0] as "name", errors: [f.message] })));
      else message.error(errorMessage(e, t));
    }
  };
  return (
    <Modal
      open={open}
      title={t("riskMap.create")}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t("common.save")}
      okButtonProps={{ disabled: uploading || !sha, "data-testid": "map-create-save" } as ButtonProps}
      confirmLoading={writes.create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} data-testid="map-create-form">
        <Form.Item
          name="name"
          label={t("riskMap.name")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("riskMap.name") }) }]}
        >
          <Input maxLength={100} placeholder={t("riskMap.namePlaceholder")} data-testid="map-name" />
        </Form.Item>
        <Form.Item
          name="imageSha256"
          label={t("riskMap.image")}
          rules={[{ required: true, message: t("riskMap.imageRequired") }]}
          extra={t("riskMap.imageHint")}
          // The file input's change event bubbles to the wrapper: keep the uploaded file's hash, not "C:\fakepath\…".
          getValueFromEvent={() => form.getFieldValue("imageSha256")}
          validateTrigger={false}
        >
          <div>
            <Upload
              accept="image/png,image/jpeg,image/webp"
              maxCount={1}
              showUploadList={false}
              data-testid="map-upload"
              customRequest={uploadToFiles(async (f: StoredFile) => form.setFieldValue("imageSha256", f.sha256))}
              onChange={({ file }) => {
                setUploading(file.status === "uploading");
                if (file.status === "error") message.error(errorMessage(file.error, t));
              }}
            >
              <Button icon={<PlusOutlined />} loading={uploading}>
                {sha ? t("riskMap.replaceImage") : t("riskMap.uploadImage")}
              </Button>
            </Upload>
            {sha && <img src={fileUrl(sha)} alt="" style={{ display: "block", marginTop: 8, maxWidth: "100%", maxHeight: 160, borderRadius: 4 }} />}
          </div>
        </Form.Item>
      </Form>
    </Modal>
  );
}

const unitGrade = (byId: Map<string, RiskUnit>, ids: string[]): RiskGrade | null => highestGrade(ids.map((u) => byId.get(u)?.riskGrade));

function MapWorkspace({
  enterpriseId,
  map,
  units,
  canManage,
  onDeleted,
}: {
  enterpriseId: string;
  map: RiskMap;
  units: RiskUnit[];
  canManage: boolean;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const writes = useMapWrites(enterpriseId);
  const byId = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  const [draft, setDraft] = useState<DraftArea[] | null>(null);
  const [drawing, setDrawing] = useState<Point[]>([]);
  const [editingArea, setEditingArea] = useState<{ area: DraftArea; isNew: boolean } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const editing = draft !== null;

  const serverAreas: DraftArea[] = (map.areas ?? []).map((a, i) => ({ key: a.id ?? `a${i}`, name: a.name, polygon: a.polygon, unitIds: a.unitIds ?? [] }));
  const areas = draft ?? serverAreas;
  const colorFor = (a: DraftArea): { grade: RiskGrade | null; color: RiskColor | null } => {
    const server = !editing ? map.areas?.find((x, i) => (x.id ?? `a${i}`) === a.key) : undefined;
    const grade = server?.riskGrade !== undefined ? server.riskGrade : unitGrade(byId, a.unitIds);
    return { grade: grade ?? null, color: colorOf(grade, server?.color) };
  };
  const canvasAreas: CanvasArea[] = areas.map((a) => ({
    key: a.key,
    name: a.name,
    polygon: a.polygon,
    color: colorFor(a).color,
    selected: a.key === selected,
  }));

  const startEdit = () => {
    setDraft(serverAreas.map((a) => ({ ...a, polygon: [...a.polygon], unitIds: [...a.unitIds] })));
    setDrawing([]);
  };
  const cancel = () => {
    setDraft(null);
    setDrawing([]);
  };
  const closePolygon = () => {
    if (drawing.length < 3) return;
    setEditingArea({ area: { key: `new-${Date.now()}`, name: "", polygon: drawing, unitIds: [] }, isNew: true });
  };
  const save = async () => {
    if (!draft) return;
    try {
      await writes.saveAreas.mutateAsync({ id: map.id, areas: draft.map(({ name, polygon, unitIds }) => ({ name, polygon, unitIds })) });
      message.success(t("common.saved"));
      setDraft(null);
      setDrawing([]);
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={17}>
        <Card
          title={map.name}
          extra={
            canManage &&
            (editing ? (
              <Space wrap size={4}>
                <Button
                  size="small"
                  icon={<UndoOutlined />}
                  disabled={!drawing.length}
                  onClick={() => setDrawing((d) => d.slice(0, -1))}
                  data-testid="map-undo"
                >
                  {t("riskMap.undoPoint")}
                </Button>
                <Button size="small" disabled={drawing.length < 3} onClick={closePolygon} data-testid="map-close-polygon">
                  {t("riskMap.closePolygon")}
                </Button>
                <Button size="small" onClick={cancel}>
                  {t("common.cancel")}
                </Button>
                <Button size="small" type="primary" loading={writes.saveAreas.isPending} onClick={() => void save()} data-testid="map-save">
                  {t("riskMap.saveAreas")}
                </Button>
              </Space>
            ) : (
              <Space wrap size={4}>
                <Button size="small" icon={<EditOutlined />} onClick={startEdit} data-testid="map-edit">
                  {t("riskMap.editAreas")}
                </Button>
                <Popconfirm
                  title={t("riskMap.deleteConfirm", { name: map.name })}
                  okText={t("common.delete")}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => writes.remove.mutateAsync(map.id).then(onDeleted, (e: unknown) => void message.error(errorMessage(e, t)))}
                >
                  <Button size="small" danger icon={<DeleteOutlined />}>
                    {t("common.delete")}
                  </Button>
                </Popconfirm>
              </Space>
            ))
          }
        >
          {editing && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={drawing.length ? t("riskMap.drawingHint", { count: drawing.length }) : t("riskMap.drawHint")}
            />
          )}
          <MapCanvas
            src={map.imageUrl ?? fileUrl(map.imageSha256)}
            width={map.width}
            height={map.height}
            alt={map.name}
            areas={canvasAreas}
            drawing={editing ? drawing : undefined}
            onAddPoint={(p) => setDrawing((d) => [...d, p])}
            onClose={closePolygon}
            onAreaClick={(k) => setSelected((s) => (s === k ? null : k))}
          />
        </Card>
      </Col>
      <Col xs={24} xl={7}>
        <Card title={t("riskMap.areas")} size="small">
          <List
            data-testid="map-area-list"
            dataSource={areas}
            locale={{ emptyText: t("riskMap.noAreas") }}
            renderItem={(a) => {
              const { grade } = colorFor(a);
              return (
                <List.Item
                  style={{ background: a.key === selected ? "#f0f5ff" : undefined, paddingInline: 8, cursor: "pointer" }}
                  onClick={() => setSelected((s) => (s === a.key ? null : a.key))}
                  actions={
                    editing
                      ? [
                          <Button
                            key="e"
                            size="small"
                            type="text"
                            icon={<EditOutlined />}
                            aria-label={t("common.edit")}
                            onClick={() => setEditingArea({ area: a, isNew: false })}
                          />,
                          <Button
                            key="d"
                            size="small"
                            type="text"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={t("common.delete")}
                            onClick={() => setDraft((d) => (d ?? []).filter((x) => x.key !== a.key))}
                          />,
                        ]
                      : undefined
                  }
                >
                  <List.Item.Meta
                    title={
                      <Space size={6} wrap>
                        <span>{a.name}</span>
                        <GradeTag grade={grade} testId="area-grade" />
                      </Space>
                    }
                    description={
                      a.unitIds.length ? (
                        a.unitIds.map((u) => byId.get(u)?.name ?? u).join("、")
                      ) : (
                        <Typography.Text type="secondary">{t("riskMap.noUnits")}</Typography.Text>
                      )
                    }
                  />
                </List.Item>
              );
            }}
          />
        </Card>
      </Col>
      <AreaModal
        value={editingArea}
        units={units}
        onCancel={() => setEditingArea(null)}
        onOk={(a) => {
          setDraft((d) => (editingArea?.isNew ? [...(d ?? []), a] : (d ?? []).map((x) => (x.key === a.key ? a : x))));
          if (editingArea?.isNew) setDrawing([]);
          setEditingArea(null);
        }}
      />
    </Row>
  );
}

function AreaModal({
  value,
  units,
  onCancel,
  onOk,
}: {
  value: { area: DraftArea; isNew: boolean } | null;
  units: RiskUnit[];
  onCancel: () => void;
  onOk: (a: DraftArea) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; unitIds: string[] }>();
  return (
    <Modal
      open={!!value}
      title={value?.isNew ? t("riskMap.newArea") : t("riskMap.editArea")}
      onCancel={onCancel}
      okText={t("common.confirm")}
      okButtonProps={{ "data-testid": "area-ok" } as ButtonProps}
      destroyOnHidden
      onOk={() =>
        void form
          .validateFields()
          .then((v) => value && onOk({ ...value.area, name: v.name.trim(), unitIds: v.unitIds ?? [] }))
          .catch(() => undefined)
      }
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ name: value?.area.name ?? "", unitIds: value?.area.unitIds ?? [] }}
        data-testid="area-form"
      >
        <Form.Item
          name="name"
          label={t("riskMap.areaName")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("riskMap.areaName") }) }]}
        >
          <Input maxLength={50} data-testid="area-name" />
        </Form.Item>
        <Form.Item name="unitIds" label={t("riskMap.linkUnits")} extra={t("riskMap.linkUnitsHint")}>
          <Select
            mode="multiple"
            data-testid="area-units"
            optionFilterProp="title"
            options={units.map((u) => ({
              value: u.id,
              title: u.name,
              label: (
                <Space size={4}>
                  <span>{u.name}</span>
                  <GradeTag grade={u.riskGrade} />
                </Space>
              ),
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
