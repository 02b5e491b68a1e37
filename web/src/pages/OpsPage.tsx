// Operations: a human view of /api/v1/ops/summary (cache hit ratio, MVG latency, breakers,
// request rates), polled every few seconds.
import { useState } from 'react';
import type { OpsSummary } from '../api/types';
import { Banner } from '../components/Banner';
import { HBarChart } from '../components/Charts';
import { formatPercent } from '../components/HistorySummary';
import { usePolledResource } from '../hooks/usePolledResource';
import { useI18n } from '../i18n';
import { cacheHitShare, formatMs, formatUptime, requestRate } from '../lib/ops';

const kOpsPolicy = { minMs: 5_000, maxMs: 30_000, fallbackMs: 5_000 };

// Between the last two polls; before the second poll, the average since the service started.
function formatRate(rate: number | null, s: OpsSummary): string {
  if (rate !== null) return `${rate.toFixed(1)} /s`;
  return s.uptime_seconds > 0 ? `${(s.requests.total / s.uptime_seconds).toFixed(1)} /s ⌀` : '–';
}

export function OpsPage() {
  const { t } = useI18n();
  const ops = usePolledResource<OpsSummary>('/api/v1/ops/summary', { policy: kOpsPolicy });
  // The previous poll, kept to turn cumulative counters into rates (state updated during render:
  // React's pattern for values derived from the previous render).
  const [track, setTrack] = useState<{ cur: OpsSummary | null; prev: OpsSummary | null }>({ cur: null, prev: null });
  if (ops.data !== track.cur) setTrack({ cur: ops.data, prev: track.cur });
  const s = ops.data;
  const rate = requestRate(track.prev, track.cur);

  return (
    <section className="page ops" aria-labelledby="ops-heading">
      <header className="page-header">
        <h1 id="ops-heading">{t('opsHeading')}</h1>
        {s && <p className="muted">{t('opsVersion')} {s.version} · {t('opsUptime')} {formatUptime(s.uptime_seconds)}</p>}
      </header>
      {ops.error && (
        <Banner kind={ops.error.kind === 'network' ? 'offline' : 'error'} testId="ops-error">
          {ops.error.kind === 'network' ? t('offlineNoData') : ops.error.message}
        </Banner>
      )}
      {ops.loading && <p className="muted" role="status">…</p>}
      {s && (
        <>
          <dl className="figures tiles">
            <div><dt>{t('opsHitRatio')}</dt><dd data-testid="hit-ratio">{formatPercent(s.cache.hit_ratio)}</dd></div>
            <div><dt>{t('opsMvgLatency')} p50 / p95</dt><dd>{formatMs(s.mvg.latency_p50_ms)} / {formatMs(s.mvg.latency_p95_ms)}</dd></div>
            <div><dt>{t('opsRequestRate')}</dt><dd data-testid="request-rate">{formatRate(rate, s)}</dd></div>
            <div><dt>{t('opsRequests')}</dt><dd>{s.requests.total}</dd></div>
            <div><dt>{t('opsErrors')}</dt><dd>{s.requests.errors_5xx}</dd></div>
            <div><dt>{t('opsMvgRequests')}</dt><dd>{s.mvg.requests}</dd></div>
          </dl>

          <div className="grid-2">
            <section className="card" aria-labelledby="ops-breakers">
              <h2 id="ops-breakers">{t('opsBreakers')}</h2>
              {s.mvg.breakers.length === 0 ? <p className="muted">{t('opsNoData')}</p> : (
                <ul className="breakers">
                  {s.mvg.breakers.map((b) => (
                    <li key={b.endpoint}><span>{b.endpoint}</span><span className={`state state-${b.state}`}>{b.state.replace('_', '-')}</span></li>
                  ))}
                </ul>
              )}
              <h2>{t('opsDependencies')}</h2>
              <ul className="breakers">
                <li><span>Valkey</span><span className={`state state-${s.valkey.state}`}>{s.valkey.state}</span></li>
                <li><span>PostgreSQL</span><span className={`state state-${s.database.state}`}>{s.database.state}</span></li>
              </ul>
            </section>
            <section className="card" aria-labelledby="ops-caches">
              <h2 id="ops-caches">{t('opsCaches')}</h2>
              {s.cache.by_cache.length === 0 ? <p className="muted">{t('opsNoData')}</p> : (
                <HBarChart title={t('opsCaches')} max={1}
                  bars={s.cache.by_cache.map((c) => ({
                    label: c.cache, value: cacheHitShare(c),
                    display: `${formatPercent(cacheHitShare(c))} (${c.hit}/${c.miss}/${c.stale})`,
                  }))} />
              )}
            </section>
          </div>

          <section className="card" aria-labelledby="ops-routes">
            <h2 id="ops-routes">{t('opsRoutes')}</h2>
            <div className="table-wrap">
              <table className="data">
                <thead><tr><th scope="col">{t('opsRoute')}</th><th scope="col">{t('opsCount')}</th><th scope="col">5xx</th><th scope="col">{t('opsP95')}</th></tr></thead>
                <tbody>
                  {s.requests.by_route.map((r) => (
                    <tr key={r.route}><th scope="row">{r.route.replaceAll('/', '/\u200b')}</th><td>{r.count}</td><td>{r.errors_5xx}</td><td>{formatMs(r.p95_ms)}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </section>
  );
}
