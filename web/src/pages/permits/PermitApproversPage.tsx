/** Placeholder: filled in by the issue-5 work. */
export default function PermitApproversPage() {
  return <div data-testid="placeholder-PermitApproversPage">PermitApproversPage</div>;
}
