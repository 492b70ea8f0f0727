/** Placeholder: being built. */
export default function MajorHazardFormPage() {
  return <div>MajorHazardFormPage</div>;
}
