import { CheckOutlined, DownOutlined, KeyOutlined, LogoutOutlined, MobileOutlined, UserOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Avatar, Dropdown, type MenuProps } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api } from "../api/client";
import { keys } from "../api/queries";
import type { Me } from "../api/types";
import { setLocale } from "../i18n";
import { useLabels } from "../i18n/labels";

export function UserMenu({ me, compact }: { me: Me; compact: boolean }) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const en = i18n.language === "en";

  const logout = async () => {
    try {
      await api.post("/api/auth/logout");
    } catch {
      /* the session may already be gone */
    }
    qc.setQueryData(keys.me, null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== "me" });
    navigate("/login", { replace: true });
  };

  const items: MenuProps["items"] = [
    ...(compact ? [{ key: "who", disabled: true, label: `${me.org.name} · ${labels.role(me.role)}` }, { type: "divider" as const }] : []),
    // On a phone: the way into the phone pages (scan, 随手拍, to-dos); they link back with "切换到电脑版".
    ...(compact && me.scope.kind !== "none"
      ? [{ key: "mobile", icon: <MobileOutlined />, label: t("mobile.mobileVersion"), onClick: () => navigate("/m"), "data-testid": "user-menu-mobile" }]
      : []),
    { key: "password", icon: <KeyOutlined />, label: t("user.changePassword"), onClick: () => navigate("/profile/password") },
    { type: "divider" },
    {
      key: "lang",
      type: "group",
      label: t("user.language"),
      children: [
        {
          key: "lang-zh",
          label: "中文",
          icon: en ? <span style={{ display: "inline-block", width: 14 }} /> : <CheckOutlined />,
          onClick: () => void setLocale("zh-CN"),
        },
        {
          key: "lang-en",
          label: "English",
          icon: en ? <CheckOutlined /> : <span style={{ display: "inline-block", width: 14 }} />,
          onClick: () => void setLocale("en"),
        },
      ],
    },
    { type: "divider" },
    { key: "logout", icon: <LogoutOutlined />, label: t("user.logout"), danger: true, onClick: () => void logout() },
  ];

  return (
    <Dropdown menu={{ items }} trigger={["click"]} placement="bottomRight">
      <button type="button" className="user-menu-trigger" data-testid="user-menu" aria-label={t("user.menu")}>
        <Avatar size="small" icon={<UserOutlined />} style={{ background: "#1677ff" }} />
        <span className="user-menu-name">{me.displayName}</span>
        <DownOutlined style={{ fontSize: 10 }} />
      </button>
    </Dropdown>
  );
}
