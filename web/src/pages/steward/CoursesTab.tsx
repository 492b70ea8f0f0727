/** 课程: the enterprise's courses; materials shown inline (images, video) or as links (documents); "学习完成". */
import { CheckOutlined, DeleteOutlined, EditOutlined, FileTextOutlined, PictureOutlined, PlaySquareOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Drawer, Empty, Form, Image, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Tag, Typography } from "antd";
import type { ButtonProps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { SearchInput } from "../../components/SearchInput";
import { errorMessage } from "../../lib/errors";
import { useIsMobile } from "../../lib/useIsMobile";
import { reportFieldErrors } from "../risks/formErrors";
import { keyGroupLabel, useKeyGroupOptions, useStewardEnterprise } from "./common";
import { type AttachedFile, FileListInput } from "./FileListInput";
import { useCourses, useDeleteCourse, useSaveCourse, useStudyCourse } from "./queries";
import type { Course, Material, Person } from "./types";

const isImage = (m: Material) => m.mime?.startsWith("image/");
const isVideo = (m: Material) => m.mime?.startsWith("video/");
const materialUrl = (c: Course, m: Material) => m.url ?? `/api/courses/${encodeURIComponent(c.id)}/materials/${m.sha256}`;

export function CoursesTab({ myPerson }: { myPerson: Person | null }) {
  const { t } = useTranslation();
  const ctx = useStewardEnterprise();
  const [q, setQ] = useState("");
  const courses = useCourses({ enterpriseId: ctx.enterpriseId, q: q || undefined, pageSize: 100 });
  const [open, setOpen] = useState<Course | null>(null);
  const [editing, setEditing] = useState<Course | null | undefined>(undefined);
  const canWrite = ctx.manager && !!ctx.enterpriseId;
  const items = courses.data?.items ?? [];
  return (
    <>
      <div className="filter-bar">
        <SearchInput value={q} onSearch={setQ} placeholder={t("training.searchCourses")} width={260} />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="course-add">
            {t("training.addCourse")}
          </Button>
        )}
      </div>
      {courses.error && <Alert type="error" showIcon title={errorMessage(courses.error, t)} style={{ marginBottom: 16 }} />}
      {!courses.isPending && !items.length && <Empty description={t("training.noCourses")} />}
      <Row gutter={[12, 12]} data-testid="course-list">
        {items.map((c) => (
          <Col xs={24} sm={12} lg={8} xl={6} key={c.id}>
            <Card
              size="small"
              hoverable
              onClick={() => setOpen(c)}
              data-testid="course-card"
              title={c.title}
              extra={c.studied ? <Tag color="green">{t("training.studied")}</Tag> : null}
            >
              <Space size={[4, 4]} wrap>
                {c.category && <Tag bordered={false}>{c.category}</Tag>}
                {c.keyGroup && <Tag color="blue">{keyGroupLabel(t, c.keyGroup)}</Tag>}
                <Tag bordered={false}>{t("training.hoursValue", { hours: c.hours })}</Tag>
              </Space>
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: "8px 0 4px", fontSize: 13 }}>
                {c.description}
              </Typography.Paragraph>
              <Space size={10} style={{ color: "#6b7280", fontSize: 12 }}>
                <span>
                  <PictureOutlined /> {c.materials.filter(isImage).length}
                </span>
                <span>
                  <PlaySquareOutlined /> {c.materials.filter(isVideo).length}
                </span>
                <span>
                  <FileTextOutlined /> {c.materials.filter((m) => !isImage(m) && !isVideo(m)).length}
                </span>
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
      <CourseDrawer course={open} myPerson={myPerson} canWrite={canWrite} onClose={() => setOpen(null)} onEdit={(c) => setEditing(c)} />
      <CourseModal open={editing !== undefined} course={editing} enterpriseId={ctx.enterpriseId} onClose={() => setEditing(undefined)} />
    </>
  );
}

function CourseDrawer({
  course,
  myPerson,
  canWrite,
  onClose,
  onEdit,
}: {
  course: Course | null;
  myPerson: Person | null;
  canWrite: boolean;
  onClose: () => void;
  onEdit: (c: Course) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const study = useStudyCourse();
  const del = useDeleteCourse();
  const [studied, setStudied] = useState<string | null>(null);
  const c = course;
  return (
    <Drawer
      open={!!c}
      onClose={onClose}
      size={mobile ? "100%" : 640}
      title={c?.title}
      data-testid="course-drawer"
      extra={
        c &&
        canWrite && (
          <Space>
            <Button icon={<EditOutlined />} onClick={() => onEdit(c)}>
              {t("common.edit")}
            </Button>
            <Popconfirm
              title={t("common.deleteConfirm")}
              onConfirm={() =>
                del.mutateAsync(c.id).then(
                  () => {
                    message.success(t("common.deleted"));
                    onClose();
                  },
                  (e) => message.error(errorMessage(e, t)),
                )
              }
            >
              <Button danger icon={<DeleteOutlined />} aria-label={t("common.delete")} />
            </Popconfirm>
          </Space>
        )
      }
      footer={
        c && (
          <Button
            type="primary"
            size="large"
            block
            icon={<CheckOutlined />}
            loading={study.isPending}
            disabled={!myPerson || studied === c.id}
            data-testid="course-study"
            onClick={() =>
              study.mutateAsync({ id: c.id }).then(
                () => {
                  setStudied(c.id);
                  message.success(t("training.studyRecorded", { hours: c.hours }));
                },
                (e) => message.error(errorMessage(e, t)),
              )
            }
          >
            {studied === c.id || c.studied ? t("training.studied") : t("training.studyDone")}
          </Button>
        )
      }
    >
      {c && (
        <>
          <Space size={[4, 4]} wrap style={{ marginBottom: 12 }}>
            {c.category && <Tag bordered={false}>{c.category}</Tag>}
            {c.keyGroup && <Tag color="blue">{keyGroupLabel(t, c.keyGroup)}</Tag>}
            <Tag bordered={false}>{t("training.hoursValue", { hours: c.hours })}</Tag>
          </Space>
          {c.description && <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }}>{c.description}</Typography.Paragraph>}
          {!myPerson && <Alert type="info" showIcon title={t("training.noPerson")} style={{ marginBottom: 12 }} />}
          <div className="course-materials" data-testid="course-materials">
            {c.materials.filter(isVideo).map((m) => (
              <div key={m.sha256} className="course-material">
                <Typography.Text strong>{m.name}</Typography.Text>
                {/* biome-ignore lint/a11y/useMediaCaption: training videos come without caption tracks */}
                <video controls preload="metadata" src={materialUrl(c, m)} style={{ width: "100%", maxHeight: 360, background: "#000", borderRadius: 8 }} />
              </div>
            ))}
            {c.materials.some(isImage) && (
              <Image.PreviewGroup>
                <div className="course-images">
                  {c.materials.filter(isImage).map((m) => (
                    <Image key={m.sha256} src={materialUrl(c, m)} alt={m.name} width="100%" style={{ borderRadius: 8 }} />
                  ))}
                </div>
              </Image.PreviewGroup>
            )}
            {c.materials
              .filter((m) => !isImage(m) && !isVideo(m))
              .map((m) => (
                <div key={m.sha256} className="course-material">
                  <Typography.Link href={materialUrl(c, m)} target="_blank">
                    <FileTextOutlined /> {m.name}
                  </Typography.Link>
                </div>
              ))}
            {!c.materials.length && <Typography.Text type="secondary">{t("training.noMaterials")}</Typography.Text>}
          </div>
        </>
      )}
    </Drawer>
  );
}

interface CourseValues {
  title: string;
  category?: string;
  description?: string;
  hours: number;
  keyGroup?: string | null;
  materials?: AttachedFile[];
}

function CourseModal({ open, course, enterpriseId, onClose }: { open: boolean; course?: Course | null; enterpriseId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CourseValues>();
  const save = useSaveCourse(course?.id);
  const keyGroups = useKeyGroupOptions();
  const [uploading, setUploading] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({
        ...(course ? {} : { enterpriseId }),
        title: v.title.trim(),
        category: v.category?.trim() ?? "",
        description: v.description?.trim() ?? "",
        hours: v.hours,
        keyGroup: v.keyGroup ?? null,
        materials: (v.materials ?? []).map((m) => ({ sha256: m.sha256, name: m.name, mime: m.mime ?? "application/octet-stream" })),
      });
      message.success(t("common.saved"));
      onClose();
    } catch (e) {
      reportFieldErrors(form, e, ["title", "category", "description", "hours", "keyGroup", "materials"], (m) => message.error(m), t);
    }
  };
  return (
    <Modal
      open={open}
      title={course ? t("training.editCourse") : t("training.addCourse")}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: save.isPending, disabled: uploading, "data-testid": "course-save" } as ButtonProps}
      destroyOnHidden
      width={600}
      afterOpenChange={(o) => {
        if (o)
          form.setFieldsValue(
            course
              ? {
                  title: course.title,
                  category: course.category,
                  description: course.description,
                  hours: course.hours,
                  keyGroup: course.keyGroup,
                  materials: course.materials,
                }
              : { hours: 1, materials: [] },
          );
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="title"
          label={t("training.courseTitle")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("training.courseTitle") }) }]}
        >
          <Input maxLength={100} data-testid="course-title" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="category" label={t("training.category")}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="hours" label={t("training.hours")} rules={[{ required: true, message: t("common.required", { label: t("training.hours") }) }]}>
              <InputNumber min={0.25} max={200} step={0.5} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="keyGroup" label={t("training.forKeyGroup")}>
              <Select allowClear options={keyGroups} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t("training.description")}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="materials" label={t("training.materials")} extra={t("training.materialsHelp")}>
          <FileListInput
            accept="image/*,video/mp4,video/webm,application/pdf,.doc,.docx,.ppt,.pptx,.xls,.xlsx"
            onBusy={setUploading}
            data-testid="course-materials-input"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
