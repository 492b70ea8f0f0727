/** Placeholder: being built. */
export default function MonitoringPage() {
  return <div>MonitoringPage</div>;
}
