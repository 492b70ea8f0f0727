/** Placeholder: filled in by the issue-5 work. */
export default function PersonDetailPage() {
  return <div data-testid="placeholder-PersonDetailPage">PersonDetailPage</div>;
}
