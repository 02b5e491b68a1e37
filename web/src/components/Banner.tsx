import type { ReactNode } from 'react';

export type BannerKind = 'stale' | 'offline' | 'error' | 'info';

// Status messages above a page's content. Alerts (offline, error) are announced at once; the
// others politely.
export function Banner({ kind, children, testId }: { kind: BannerKind; children: ReactNode; testId?: string }) {
  const urgent = kind === 'offline' || kind === 'error';
  return (
    <div className={`banner banner-${kind}`} role={urgent ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </div>
  );
}
