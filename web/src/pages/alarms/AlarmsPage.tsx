/** Placeholder: being built. */
export default function AlarmsPage() {
  return <div>AlarmsPage</div>;
}
