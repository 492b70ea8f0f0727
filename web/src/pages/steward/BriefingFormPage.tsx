/** Placeholder: filled in by the issue-5 work. */
export default function BriefingFormPage() {
  return <div data-testid="placeholder-BriefingFormPage">BriefingFormPage</div>;
}
