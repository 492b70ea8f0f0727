import { SearchOutlined } from "@ant-design/icons";
import { Button, Input, Space } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

interface Props {
  value?: string;
  placeholder?: string;
  onSearch: (value: string) => void;
  width?: number;
  "data-testid"?: string;
}

/** Search box (Enter or the button). The test id sits on the <input> itself so tests can fill it. */
export function SearchInput({ value = "", placeholder, onSearch, width = 280, ...rest }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <Space.Compact style={{ width }}>
      <Input
        allowClear
        data-testid={rest["data-testid"]}
        placeholder={placeholder}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value && value) onSearch("");
        }}
        onPressEnter={() => onSearch(text.trim())}
      />
      <Button type="primary" icon={<SearchOutlined />} aria-label={t("common.search")} onClick={() => onSearch(text.trim())} />
    </Space.Compact>
  );
}
