/** Placeholder: filled in by the issue-5 work. */
export default function PermitFormPage() {
  return <div data-testid="placeholder-PermitFormPage">PermitFormPage</div>;
}
