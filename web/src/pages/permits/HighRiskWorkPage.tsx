/** Placeholder: filled in by the issue-5 work. */
export default function HighRiskWorkPage() {
  return <div data-testid="placeholder-HighRiskWorkPage">HighRiskWorkPage</div>;
}
