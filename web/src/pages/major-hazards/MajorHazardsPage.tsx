/** Placeholder: being built. */
export default function MajorHazardsPage() {
  return <div>MajorHazardsPage</div>;
}
