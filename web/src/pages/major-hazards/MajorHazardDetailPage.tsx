/** Placeholder: being built. */
export default function MajorHazardDetailPage() {
  return <div>MajorHazardDetailPage</div>;
}
