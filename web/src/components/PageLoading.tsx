import { Spin } from "antd";

export function PageLoading({ full = false }: { full?: boolean }) {
  return (
    <div style={{ display: "flex", alignItems: "center", justifyContent: "center", minHeight: full ? "100vh" : 240 }}>
      <Spin size="large" />
    </div>
  );
}
