/** Placeholder: filled in by the issue-5 work. */
export default function DutySummaryPage() {
  return <div data-testid="placeholder-DutySummaryPage">DutySummaryPage</div>;
}
