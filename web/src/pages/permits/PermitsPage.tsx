/** Placeholder: filled in by the issue-5 work. */
export default function PermitsPage() {
  return <div data-testid="placeholder-PermitsPage">PermitsPage</div>;
}
