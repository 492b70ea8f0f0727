/** Placeholder: being built. */
export default function MonitoringReportsPage() {
  return <div>MonitoringReportsPage</div>;
}
