import { badgeTextColour, lineColour } from '../lib/lines';

export function LineBadge({ line, transportType }: { line: string | null; transportType: string | null }) {
  const bg = lineColour(line, transportType);
  return (
    <span className="line-badge" data-transport={transportType ?? undefined} style={{ background: bg, color: badgeTextColour(bg) }}>
      {line ?? '?'}
    </span>
  );
}
