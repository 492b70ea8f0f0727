/** Placeholder: being built. */
export default function AlarmDetailPage() {
  return <div>AlarmDetailPage</div>;
}
