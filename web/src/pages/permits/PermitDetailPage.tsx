/** Placeholder: filled in by the issue-5 work. */
export default function PermitDetailPage() {
  return <div data-testid="placeholder-PermitDetailPage">PermitDetailPage</div>;
}
