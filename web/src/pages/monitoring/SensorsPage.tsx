/** Placeholder: being built. */
export default function SensorsPage() {
  return <div>SensorsPage</div>;
}
