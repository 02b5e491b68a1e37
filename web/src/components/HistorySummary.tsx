// Delay history of a station (from the history endpoint). Renders nothing at all when the server
// has no history (persistence off, endpoint absent), so the board looks as if it never existed.
import type { StationStats } from '../api/types';
import { historyUnavailable, kHistoryHours, stationStatsUrl } from '../api/stats';
import { usePolledResource } from '../hooks/usePolledResource';
import { useI18n, type Translate } from '../i18n';
import { lineColour } from '../lib/lines';
import { Link, paths } from '../lib/router';
import { ColumnChart, HBarChart } from './Charts';

export function formatPercent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)} %`;
}

export function formatDelaySeconds(seconds: number | null): string {
  if (seconds === null) return '–';
  if (Math.abs(seconds) < 60) return `${Math.round(seconds)} s`;
  return `${(seconds / 60).toFixed(1)} min`;
}

function KeyFigures({ s, t }: { s: StationStats; t: Translate }) {
  return (
    <dl className="figures">
      <div><dt>{t('historyObserved')}</dt><dd>{s.departures_observed}</dd></div>
      <div><dt>{t('historyOnTime')}</dt><dd>{formatPercent(s.on_time_share)}</dd></div>
      <div><dt>{t('historyMean')}</dt><dd>{formatDelaySeconds(s.mean_delay_seconds)}</dd></div>
      <div><dt>{t('historyP90')}</dt><dd>{formatDelaySeconds(s.p90_delay_seconds)}</dd></div>
      <div><dt>{t('historyCancellations')}</dt><dd>{s.cancellations}</dd></div>
    </dl>
  );
}

export function HistoryDetails({ s, t }: { s: StationStats; t: Translate }) {
  const lines = [...s.by_line].sort((a, b) => (b.mean_delay_seconds ?? 0) - (a.mean_delay_seconds ?? 0));
  const hours = [...s.by_hour].sort((a, b) => Number(a.hour) - Number(b.hour));
  return (
    <>
      <KeyFigures s={s} t={t} />
      {lines.length > 0 && (
        <>
          <h3>{t('historyByLine')}</h3>
          <HBarChart title={t('historyByLine')} max={60}
            bars={lines.map((l) => ({
              label: l.line, value: l.mean_delay_seconds, colour: lineColour(l.line, null),
              display: `${formatDelaySeconds(l.mean_delay_seconds)} · ${formatPercent(l.on_time_share)}`,
            }))} />
        </>
      )}
      {hours.length > 0 && (
        <>
          <h3>{t('historyByHour')}</h3>
          <ColumnChart title={t('historyByHour')} unit="s"
            bars={hours.map((h) => ({ label: String(h.hour).padStart(2, '0'), value: h.mean_delay_seconds, display: formatDelaySeconds(h.mean_delay_seconds) }))} />
        </>
      )}
    </>
  );
}

export function HistorySummary({ stationId, stationName }: { stationId: string; stationName: string }) {
  const { t } = useI18n();
  const stats = usePolledResource<StationStats>(stationStatsUrl(stationId), { poll: false });
  if (!stats.data || historyUnavailable(stats.error) || stats.data.departures_observed === 0) return null;
  return (
    <section className="card history-summary" aria-labelledby="history-summary-heading" data-testid="history-summary">
      <h2 id="history-summary-heading">{t('historyHeading')}</h2>
      <p className="muted">{stationName} · {t('historyWindow', { n: stats.data.hours ?? kHistoryHours })}</p>
      <KeyFigures s={stats.data} t={t} />
      <Link href={paths.history(stationId)} className="button secondary">{t('planDetails')}</Link>
    </section>
  );
}
