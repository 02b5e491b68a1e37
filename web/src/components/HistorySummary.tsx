// Delay history of a station (from the history endpoint). Renders nothing at all when the server
// has no history (persistence off, endpoint absent), so the board looks as if it never existed.
import type { StationStats } from '../api/types';
import { historyUnavailable, normalizeStationStats, stationStatsUrl } from '../api/stats';
import { usePolledResource } from '../hooks/usePolledResource';
import { useI18n, type Translate } from '../i18n';
import { lineColour } from '../lib/lines';
import { Link, paths } from '../lib/router';
import { ColumnChart, HBarChart } from './Charts';

export function formatPercent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)} %`;
}

export function formatDelayMinutes(minutes: number | null): string {
  if (minutes === null) return '–';
  if (Math.abs(minutes) < 1) return `${Math.round(minutes * 60)} s`;
  return `${minutes.toFixed(1)} min`;
}

// The history of a station, or null while loading or when the server has none.
export function useStationStats(stationId: string) {
  const res = usePolledResource<unknown>(stationStatsUrl(stationId), { poll: false });
  const stats = res.data === null ? null : normalizeStationStats(res.data, stationId);
  const unavailable = historyUnavailable(res.error) || (res.data !== null && stats === null);
  return { stats, unavailable, loading: res.loading, error: res.error };
}

function KeyFigures({ s, t }: { s: StationStats; t: Translate }) {
  return (
    <dl className="figures">
      <div><dt>{t('historyObserved')}</dt><dd>{s.total.departures}</dd></div>
      <div><dt>{t('historyOnTime')}</dt><dd>{formatPercent(s.total.onTimeShare)}</dd></div>
      <div><dt>{t('historyMean')}</dt><dd>{formatDelayMinutes(s.total.meanDelayMinutes)}</dd></div>
      <div><dt>{t('historyP90')}</dt><dd>{formatDelayMinutes(s.total.p90DelayMinutes)}</dd></div>
      <div><dt>{t('historyCancellations')}</dt><dd>{s.total.cancellations}</dd></div>
    </dl>
  );
}

export function HistoryDetails({ s, t }: { s: StationStats; t: Translate }) {
  const lines = [...s.byLine].sort((a, b) => (b.meanDelayMinutes ?? 0) - (a.meanDelayMinutes ?? 0));
  const hours = [...s.byHour].sort((a, b) => a.hour - b.hour);
  return (
    <>
      <KeyFigures s={s} t={t} />
      {lines.length > 0 && (
        <>
          <h3>{t('historyByLine')}</h3>
          <HBarChart title={t('historyByLine')} max={1}
            bars={lines.map((l) => ({
              label: l.line, value: l.meanDelayMinutes, colour: lineColour(l.line, l.transportType),
              display: `${formatDelayMinutes(l.meanDelayMinutes)} · ${formatPercent(l.onTimeShare)}`,
            }))} />
        </>
      )}
      {hours.length > 0 && (
        <>
          <h3>{t('historyByHour')}</h3>
          <ColumnChart title={t('historyByHour')} unit="min"
            bars={hours.map((h) => ({ label: String(h.hour).padStart(2, '0'), value: h.meanDelayMinutes, display: formatDelayMinutes(h.meanDelayMinutes) }))} />
        </>
      )}
    </>
  );
}

export function HistorySummary({ stationId, stationName }: { stationId: string; stationName: string }) {
  const { t } = useI18n();
  const { stats } = useStationStats(stationId);
  if (!stats || stats.total.departures === 0) return null;
  return (
    <section className="card history-summary" aria-labelledby="history-summary-heading" data-testid="history-summary">
      <h2 id="history-summary-heading">{t('historyHeading')}</h2>
      <p className="muted">{stationName} · {t('historyWindow', { n: stats.hours })}</p>
      <KeyFigures s={stats} t={t} />
      <Link href={paths.history(stationId)} className="button secondary">{t('planDetails')}</Link>
    </section>
  );
}
