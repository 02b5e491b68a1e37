// The departures board of one station: refreshes itself as the answer's freshness allows, says
// when its data is stale or the service is unreachable, and keeps the last board meanwhile.
import { useEffect } from 'react';
import { buildUrl } from '../api/client';
import type { Departure, DeparturesResponse, Occupancy } from '../api/types';
import { Banner } from '../components/Banner';
import { HistorySummary } from '../components/HistorySummary';
import { LineBadge } from '../components/LineBadge';
import { stationLabel } from '../components/StationSearch';
import { useNow } from '../hooks/useNow';
import { usePolledResource } from '../hooks/usePolledResource';
import { useI18n, type Translate } from '../i18n';
import { boardNotice, delayClass, formatAge, formatDelay } from '../lib/board';
import { kTransportTypes } from '../lib/lines';
import { rememberStation } from '../lib/recent';
import { Link, navigate, paths, useLocation } from '../lib/router';
import { formatClock, minutesUntil } from '../lib/time';

export const kBoardLimit = 20;

const kTypeLabels: Record<string, string> = {
  UBAHN: 'U-Bahn', SBAHN: 'S-Bahn', TRAM: 'Tram', BUS: 'Bus', REGIONAL_BUS: 'Regionalbus', BAHN: 'Bahn',
};

export function departuresUrl(stationId: string, types: readonly string[]): string {
  return buildUrl('/api/v1/mvg/departures', { station: stationId, limit: kBoardLimit, transport_type: types });
}

function Countdown({ d, now, t }: { d: Departure; now: number; t: Translate }) {
  if (d.cancelled) return <span className="countdown cancelled-label">{t('boardCancelled')}</span>;
  const mins = minutesUntil(d.realtime_time, now);
  return <span className="countdown">{mins <= 0 ? t('boardNow') : t('minutes', { n: mins })}</span>;
}

// Three bars, filled up to the level: readable at a glance, and named for screen readers.
function OccupancyMeter({ level, t }: { level: Exclude<Occupancy, 'UNKNOWN'>; t: Translate }) {
  const filled = level === 'LOW' ? 1 : level === 'MEDIUM' ? 2 : 3;
  const name = t('boardOccupancy', { level: t(`occupancy${level}`) });
  return (
    <span className={`occupancy occupancy-${level.toLowerCase()}`} role="img" aria-label={name} title={name} data-testid="occupancy">
      {[1, 2, 3].map((i) => <span key={i} className={i <= filled ? 'bar filled' : 'bar'} aria-hidden="true" />)}
    </span>
  );
}

function DepartureRow({ d, now, t }: { d: Departure; now: number; t: Translate }) {
  const cls = delayClass(d);
  const changed = d.realtime && d.realtime_time !== d.planned_time;
  return (
    <li className={d.cancelled ? 'departure cancelled' : 'departure'} data-testid="departure">
      <LineBadge line={d.line} transportType={d.transport_type} />
      <div className="departure-main">
        <span className="departure-destination" lang="de">{d.cancelled ? <s>{d.destination}</s> : d.destination}</span>
        <span className="departure-sub">
          {d.platform && (
            <span className={d.platform_changed ? 'platform changed' : 'platform'} data-testid="platform">
              {t('boardPlatform')} {d.platform}
              {d.platform_changed && <strong className="platform-changed"> · {t('boardPlatformChanged')}</strong>}
            </span>
          )}
          {d.occupancy !== 'UNKNOWN' && !d.cancelled && <OccupancyMeter level={d.occupancy} t={t} />}
          {!d.realtime && !d.cancelled && <span className="no-live">{t('boardNoLive')}</span>}
        </span>
        {d.messages.length > 0 && (
          <ul className="departure-messages">
            {d.messages.map((m) => <li key={m}>{m}</li>)}
          </ul>
        )}
      </div>
      <div className="departure-time">
        <Countdown d={d} now={now} t={t} />
        <span className="clock">
          {changed ? (
            <>
              <s className="planned" aria-label={`${t('boardPlanned')} ${formatClock(d.planned_time)}`}>{formatClock(d.planned_time)}</s>{' '}
              <time dateTime={d.realtime_time} className="realtime">{formatClock(d.realtime_time)}</time>
            </>
          ) : (
            <time dateTime={d.planned_time}>{d.cancelled ? <s>{formatClock(d.planned_time)}</s> : formatClock(d.planned_time)}</time>
          )}
          {d.realtime && !d.cancelled && (
            <span className={`delay delay-${cls}`} title={t('boardDelay')}>
              {d.delay_minutes === 0 ? t('boardOnTime') : formatDelay(d.delay_minutes)}
            </span>
          )}
        </span>
      </div>
    </li>
  );
}

export function DeparturesPage({ stationId }: { stationId: string }) {
  const { t } = useI18n();
  const location = useLocation();
  const types = (location.search.get('types') ?? '').split(',').filter((s) => s !== '');
  const board = usePolledResource<DeparturesResponse>(departuresUrl(stationId, types));
  const now = useNow(10_000);
  const station = board.data?.station;

  useEffect(() => {
    if (station) {
      rememberStation(station);
      document.title = `${station.name} · BahnVision`;
    }
  }, [station]);

  const toggleType = (type: string | null) => {
    let next: string[];
    if (type === null) next = [];
    else next = types.includes(type) ? types.filter((x) => x !== type) : [...types, type];
    const q = next.length > 0 ? `?types=${next.join(',')}` : '';
    navigate(paths.departures(stationId) + q, { replace: true });
  };

  const notice = boardNotice(board.error, board.meta, board.lastSuccessAt, now);
  // How old MVG's data is now: its Age when it arrived, plus the time since (a board is never
  // "live" just because it was fetched a moment ago from a cache).
  const meta = board.meta;
  const dataAge = meta?.ageSeconds != null ? Math.max(0, Math.round((now - meta.receivedAt) / 1000) + meta.ageSeconds) : null;
  const departures = board.data?.departures ?? [];

  return (
    <section aria-labelledby="board-heading" className="page board">
      <header className="page-header">
        <p className="eyebrow">{t('boardHeading')}</p>
        <h1 id="board-heading">{station ? station.name : stationId}</h1>
        {station?.place && <p className="place">{station.place}</p>}
        <div className="page-actions">
          <Link href={paths.plan({ from: stationId, fromName: station ? stationLabel(station) : undefined })} className="button secondary">{t('boardPlanFrom')}</Link>
          <button type="button" className="button secondary" onClick={board.refresh}>{t('boardRefresh')}</button>
        </div>
      </header>

      {notice?.kind === 'offline' && (
        <Banner kind="offline" testId="offline-banner">
          {notice.since ? t('offlineBanner', { time: formatClock(new Date(notice.since).toISOString()) }) : t('offlineNoData')}
        </Banner>
      )}
      {notice?.kind === 'upstream' && <Banner kind="error" testId="upstream-banner">{t('upstreamError', { detail: notice.detail })}</Banner>}
      {notice?.kind === 'rate-limited' && <Banner kind="stale" testId="rate-limited-banner">{t('rateLimited')}</Banner>}
      {notice?.kind === 'not-found' && <Banner kind="error" testId="not-found-banner">{t('notFound', { detail: notice.detail })}</Banner>}
      {notice?.kind === 'stale' && (
        <Banner kind="stale" testId="stale-banner">
          {t('staleBanner', { time: formatClock(new Date(notice.asOf).toISOString()), age: formatAge(notice.ageSeconds) })}
        </Banner>
      )}

      <fieldset className="chips">
        <legend>{t('boardFilter')}</legend>
        <button type="button" className="chip" aria-pressed={types.length === 0} onClick={() => toggleType(null)}>{t('boardAll')}</button>
        {kTransportTypes.map((type) => (
          <button key={type} type="button" className="chip" aria-pressed={types.includes(type)} onClick={() => toggleType(type)}>
            {kTypeLabels[type] ?? type}
          </button>
        ))}
      </fieldset>

      {board.loading && <p className="muted" role="status">{t('boardLoading')}</p>}
      {board.data && departures.length === 0 && types.length === 0 && <p className="muted empty-state">{t('boardEmpty')}</p>}
      {board.data && departures.length === 0 && types.length > 0 && (
        <p className="muted empty-state" data-testid="empty-filtered">
          {t('boardEmptyFiltered')}{' '}
          <button type="button" className="link-button" onClick={() => toggleType(null)}>{t('boardShowAll')}</button>
        </p>
      )}
      {departures.length > 0 && (
        <ol className={notice?.kind === 'stale' || notice?.kind === 'offline' ? 'departures is-stale' : 'departures'} aria-label={t('boardHeading')}>
          {departures.map((d) => (
            <DepartureRow key={`${d.line}|${d.destination}|${d.planned_time}`} d={d} now={now} t={t} />
          ))}
        </ol>
      )}
      {board.lastSuccessAt !== null && (
        <p className="updated muted" data-testid="updated">
          {t('boardUpdated', { time: formatClock(new Date(board.lastSuccessAt).toISOString()) })}
          {dataAge !== null && <> · <span data-testid="data-age">{t('boardDataAge', { age: formatAge(dataAge) })}</span></>}
          {notice?.kind === 'refreshing' && <> · {t('staleRefreshing')}</>}
          {board.meta?.cacheStatus && <> · <span className="cache-status">{board.meta.cacheStatus}</span></>}
        </p>
      )}
      {station && <HistorySummary stationId={station.id} stationName={stationLabel(station)} />}
    </section>
  );
}
