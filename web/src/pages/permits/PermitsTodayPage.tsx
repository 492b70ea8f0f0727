/** Placeholder: filled in by the issue-5 work. */
export default function PermitsTodayPage() {
  return <div data-testid="placeholder-PermitsTodayPage">PermitsTodayPage</div>;
}
