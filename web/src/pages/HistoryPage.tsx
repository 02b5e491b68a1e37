import { kHistoryHours } from '../api/stats';
import { Banner } from '../components/Banner';
import { HistoryDetails, useStationStats } from '../components/HistorySummary';
import { useI18n } from '../i18n';
import { loadRecent } from '../lib/recent';
import { Link, paths } from '../lib/router';

export function HistoryPage({ stationId }: { stationId: string }) {
  const { t } = useI18n();
  const { stats, unavailable, loading, error } = useStationStats(stationId);
  // The name as MVG gave it: from the answer, else from the rider's last visit to the board.
  const known = loadRecent().find((s) => s.id === stationId);
  return (
    <section className="page" aria-labelledby="history-heading">
      <header className="page-header">
        <p className="eyebrow">{t('historyHeading')}</p>
        <h1 id="history-heading">{stats?.stationName ?? known?.name ?? stationId}</h1>
        {known?.place && <p className="place">{known.place}</p>}
        <p className="muted">{t('historyWindow', { n: stats?.hours ?? kHistoryHours })}</p>
        <div className="page-actions">
          <Link href={paths.departures(stationId)} className="button secondary">{t('boardHeading')}</Link>
        </div>
      </header>
      {loading && <p className="muted" role="status">…</p>}
      {unavailable && <Banner kind="info" testId="history-unavailable">{t('historyUnavailable')}</Banner>}
      {error && !unavailable && <Banner kind="error">{error.message}</Banner>}
      {stats && <div className="card" data-testid="history-details"><HistoryDetails s={stats} t={t} /></div>}
    </section>
  );
}
