import { Button, Result } from "antd";
import { Component, type ErrorInfo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isRouteErrorResponse, useRouteError } from "react-router";
import { NotFound } from "./NotFound";

function Fallback({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t("error.title")}
      subTitle={
        <>
          <div>{t("error.subtitle")}</div>
          {error instanceof Error && <code style={{ fontSize: 12, color: "#999" }}>{error.message}</code>}
        </>
      }
      extra={
        <Button type="primary" onClick={onRetry ?? (() => window.location.reload())}>
          {t("error.reload")}
        </Button>
      }
    />
  );
}

interface Props {
  children: ReactNode;
  /** A change of this value (e.g. the path) clears the error. */
  resetKey?: string;
}

interface State {
  error: unknown;
  key?: string;
}

/** Catches render errors below it and shows a friendly fallback. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("UI error", error, info.componentStack);
  }

  override render() {
    if (this.state.error) return <Fallback error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}

/** Router-level error element. */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  return <Fallback error={error} />;
}
