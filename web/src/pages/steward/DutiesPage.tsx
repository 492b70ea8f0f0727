/** Placeholder: filled in by the issue-5 work. */
export default function DutiesPage() {
  return <div data-testid="placeholder-DutiesPage">DutiesPage</div>;
}
