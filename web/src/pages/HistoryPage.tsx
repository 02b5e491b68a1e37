import { historyUnavailable, kHistoryHours, stationStatsUrl } from '../api/stats';
import type { StationStats } from '../api/types';
import { Banner } from '../components/Banner';
import { HistoryDetails } from '../components/HistorySummary';
import { usePolledResource } from '../hooks/usePolledResource';
import { useI18n } from '../i18n';
import { loadRecent } from '../lib/recent';
import { Link, paths } from '../lib/router';

export function HistoryPage({ stationId }: { stationId: string }) {
  const { t } = useI18n();
  const stats = usePolledResource<StationStats>(stationStatsUrl(stationId), { poll: false });
  // The name as MVG gave it when the rider last opened this station's board, if they did.
  const known = loadRecent().find((s) => s.id === stationId);
  return (
    <section className="page" aria-labelledby="history-heading">
      <header className="page-header">
        <p className="eyebrow">{t('historyHeading')}</p>
        <h1 id="history-heading">{known?.name ?? stationId}</h1>
        {known?.place && <p className="place">{known.place}</p>}
        <p className="muted">{t('historyWindow', { n: stats.data?.hours ?? kHistoryHours })}</p>
        <div className="page-actions">
          <Link href={paths.departures(stationId)} className="button secondary">{t('boardHeading')}</Link>
        </div>
      </header>
      {stats.loading && <p className="muted" role="status">…</p>}
      {historyUnavailable(stats.error) && <Banner kind="info" testId="history-unavailable">{t('historyUnavailable')}</Banner>}
      {stats.error && !historyUnavailable(stats.error) && <Banner kind="error">{stats.error.message}</Banner>}
      {stats.data && <div className="card"><HistoryDetails s={stats.data} t={t} /></div>}
    </section>
  );
}
