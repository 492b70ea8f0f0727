/** Placeholder: being built. */
export default function DutyPage() {
  return <div>DutyPage</div>;
}
