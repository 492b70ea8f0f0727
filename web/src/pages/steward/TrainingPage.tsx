/** Placeholder: filled in by the issue-5 work. */
export default function TrainingPage() {
  return <div data-testid="placeholder-TrainingPage">TrainingPage</div>;
}
