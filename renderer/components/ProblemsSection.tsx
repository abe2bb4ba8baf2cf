/** The problems core found with the selected node or edge, when there are any. */
export function ProblemsSection({ problems }: { readonly problems: readonly string[] | undefined }) {
  if (!problems) return null;
  return (
    <section className="inspector-section">
      <h4>Problems</h4>
      <ul className="problem-list" data-testid="inspector-problems">
        {problems.map((p, i) => (
          <li key={i}>{p}</li>
        ))}
      </ul>
    </section>
  );
}
