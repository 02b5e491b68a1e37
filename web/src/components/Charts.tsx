// Small SVG charts (no chart library): horizontal bars and a column chart. Each has a text
// alternative (a visually hidden table) so screen readers get the numbers.
export interface Bar {
  label: string;
  value: number | null;
  display: string;
  colour?: string;
}

export function HBarChart({ bars, max, title }: { bars: Bar[]; max: number; title: string }) {
  const top = Math.max(max, ...bars.map((b) => b.value ?? 0), 1e-9);
  return (
    <figure className="chart hbar" aria-label={title}>
      {bars.map((b) => (
        <div className="hbar-row" key={b.label}>
          <span className="hbar-label">{b.label}</span>
          <span className="hbar-track" aria-hidden="true">
            <span className="hbar-fill" style={{ width: `${(100 * Math.max(0, b.value ?? 0)) / top}%`, background: b.colour }} />
          </span>
          <span className="hbar-value">{b.display}</span>
        </div>
      ))}
    </figure>
  );
}

export function ColumnChart({ bars, title, unit }: { bars: Bar[]; title: string; unit: string }) {
  const top = Math.max(...bars.map((b) => b.value ?? 0), 1e-9);
  const w = 24 * bars.length;
  return (
    <figure className="chart columns">
      <svg viewBox={`0 0 ${w} 110`} role="img" aria-label={title} preserveAspectRatio="none">
        {bars.map((b, i) => {
          const h = (100 * Math.max(0, b.value ?? 0)) / top;
          return (
            <rect key={b.label} x={i * 24 + 3} y={104 - h} width={18} height={Math.max(h, b.value === null ? 0 : 1)} rx={2}
              className="column">
              <title>{`${b.label}: ${b.display}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="column-labels" aria-hidden="true">
        {bars.map((b, i) => <span key={b.label}>{i % 3 === 0 ? b.label : ''}</span>)}
      </div>
      <table className="visually-hidden">
        <caption>{title} ({unit})</caption>
        <tbody>
          {bars.map((b) => <tr key={b.label}><th scope="row">{b.label}</th><td>{b.display}</td></tr>)}
        </tbody>
      </table>
    </figure>
  );
}
