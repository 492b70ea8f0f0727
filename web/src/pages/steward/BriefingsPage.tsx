/** Placeholder: filled in by the issue-5 work. */
export default function BriefingsPage() {
  return <div data-testid="placeholder-BriefingsPage">BriefingsPage</div>;
}
