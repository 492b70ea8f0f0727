/** Placeholder: being built. */
export default function SensorDetailPage() {
  return <div>SensorDetailPage</div>;
}
