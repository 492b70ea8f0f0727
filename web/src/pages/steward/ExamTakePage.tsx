/** Placeholder: filled in by the issue-5 work. */
export default function ExamTakePage() {
  return <div data-testid="placeholder-ExamTakePage">ExamTakePage</div>;
}
