/** Placeholder: filled in by the issue-5 work. */
export default function PersonnelPage() {
  return <div data-testid="placeholder-PersonnelPage">PersonnelPage</div>;
}
