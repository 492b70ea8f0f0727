import { CameraOutlined, DesktopOutlined, FileProtectOutlined, OrderedListOutlined, QrcodeOutlined, ReadOutlined, SoundOutlined } from "@ant-design/icons";
import { Badge, Button, Input, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useCurrentUser } from "../../components/MeContext";
import { useLabels } from "../../i18n/labels";
import { useTodos } from "../hazards/queries";

/** A QR label carries `<origin>/m/u/<token>`; people may also type the token printed under it. */
export function tokenFromInput(text: string): string {
  const s = text.trim();
  const m = s.match(/\/m\/u\/([^/?#\s]+)/);
  return m?.[1] ? decodeURIComponent(m[1]) : s;
}

/** /m: the phone's start page — scan inspection, 随手拍, my to-dos. */
export default function MobileHome() {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const todos = useTodos();
  const [code, setCode] = useState("");
  const [entering, setEntering] = useState(false);
  const open = () => {
    const token = tokenFromInput(code);
    if (token) navigate(`/m/u/${encodeURIComponent(token)}`);
  };

  return (
    <>
      <div style={{ margin: "4px 2px 14px" }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("mobile.hello", { name: me.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {me.org.name} · {labels.role(me.role)}
        </Typography.Text>
      </div>
      <div className="m-tiles">
        <button type="button" className="m-tile" data-testid="m-scan" onClick={() => setEntering((v) => !v)}>
          <QrcodeOutlined style={{ color: "#13a8a8" }} />
          {t("mobile.scan")}
        </button>
        <Link to="/m/report" className="m-tile" data-testid="m-report">
          <CameraOutlined style={{ color: "#fa541c" }} />
          {t("mobile.report")}
        </Link>
        <Link to="/m/permits/new" className="m-tile m-tile-wide" data-testid="m-permits">
          <FileProtectOutlined style={{ color: "#d4380d" }} />
          {t("permits.mobileTile")}
        </Link>
        <Link to="/m/briefings/new" className="m-tile" data-testid="m-briefing">
          <SoundOutlined style={{ color: "#389e0d" }} />
          {t("briefings.title")}
        </Link>
        <Link to="/training?tab=exams" className="m-tile" data-testid="m-training">
          <ReadOutlined style={{ color: "#722ed1" }} />
          {t("training.title")}
        </Link>
        <Link to="/m/todos" className="m-tile m-tile-wide" data-testid="m-todos">
          <Badge count={todos.data?.items.length ?? 0} offset={[6, 0]}>
            <OrderedListOutlined style={{ color: "#1677ff", fontSize: 30 }} />
          </Badge>
          {t("mobile.todos")}
        </Link>
      </div>
      {entering && (
        <div className="m-card" style={{ marginTop: 12 }} data-testid="m-code-entry">
          <h3>{t("mobile.scanTitle")}</h3>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {t("mobile.scanHelp")}
          </Typography.Paragraph>
          <Input
            size="large"
            data-testid="m-code-input"
            placeholder={t("mobile.codePlaceholder")}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            onPressEnter={open}
            autoFocus
          />
          <Button type="primary" size="large" block style={{ marginTop: 10, height: 48 }} disabled={!code.trim()} onClick={open} data-testid="m-code-open">
            {t("mobile.openUnit")}
          </Button>
        </div>
      )}
      <div style={{ textAlign: "center", marginTop: 24 }}>
        <Link to="/">
          <Button type="link" icon={<DesktopOutlined />}>
            {t("mobile.desktop")}
          </Button>
        </Link>
      </div>
    </>
  );
}
