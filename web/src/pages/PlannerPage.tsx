// Journey planner: origin and destination pickers, depart-at or arrive-by, and the itineraries
// of /api/v1/mvg/routes/plan. The form state lives in the URL, so a plan can be shared/reloaded.
import { useState, type FormEvent } from 'react';
import { buildUrl } from '../api/client';
import type { RouteLeg, RoutePlan, RoutePlanResponse } from '../api/types';
import { Banner } from '../components/Banner';
import { LineBadge } from '../components/LineBadge';
import { StationSearch, stationLabel } from '../components/StationSearch';
import { usePolledResource } from '../hooks/usePolledResource';
import { useI18n, type Translate } from '../i18n';
import { delayClass, formatDelay } from '../lib/board';
import { navigate, paths, useLocation } from '../lib/router';
import { formatClock, formatDuration, localInputToIso, toLocalInput } from '../lib/time';

export type TimeMode = 'now' | 'depart' | 'arrive';

export function routePlanUrl(from: string, to: string, mode: TimeMode, time: string | null): string {
  const iso = mode !== 'now' && time ? localInputToIso(time) : null;
  return buildUrl('/api/v1/mvg/routes/plan', {
    origin: from,
    destination: to,
    departure_time: mode === 'depart' ? iso : null,
    arrival_time: mode === 'arrive' ? iso : null,
  });
}

export function transfersLabel(n: number, t: Translate): string {
  if (n === 0) return t('planTransfer0');
  if (n === 1) return t('planTransfer1');
  return t('planTransfers', { n });
}

function Delay({ minutes }: { minutes: number | null }) {
  if (minutes === null || minutes === 0) return null;
  const cls = delayClass({ delay_minutes: minutes, realtime: true, cancelled: false });
  return <span className={`delay delay-${cls}`}>{formatDelay(minutes)}</span>;
}

function Leg({ leg, t }: { leg: RouteLeg; t: Translate }) {
  if (leg.transport_type === 'PEDESTRIAN') {
    return (
      <li className="leg walk">
        <span className="line-badge walk-badge">{t('planWalk')}</span>
        <span>
          {formatDuration(leg.duration_minutes)}
          {leg.distance_meters !== null && ` · ${Math.round(leg.distance_meters)} m`}
          {' → '}{leg.destination.name}
        </span>
      </li>
    );
  }
  const stops = leg.intermediate_stops.length;
  return (
    <li className="leg">
      <LineBadge line={leg.line} transportType={leg.transport_type} />
      <div className="leg-body">
        <div className="leg-direction">{leg.direction ?? leg.destination.name}</div>
        <div className="leg-stop">
          <time>{formatClock(leg.origin.realtime_time ?? leg.origin.planned_time)}</time> <Delay minutes={leg.origin.delay_minutes} />{' '}
          {leg.origin.name}
          {leg.origin.platform && <span className="muted"> · {t('planPlatform', { p: leg.origin.platform })}</span>}
        </div>
        <div className="leg-stop">
          <time>{formatClock(leg.destination.realtime_time ?? leg.destination.planned_time)}</time> <Delay minutes={leg.destination.delay_minutes} />{' '}
          {leg.destination.name}
          {leg.destination.platform && <span className="muted"> · {t('planPlatform', { p: leg.destination.platform })}</span>}
        </div>
        <div className="muted small">
          {formatDuration(leg.duration_minutes)}{stops > 0 && ` · ${t('planStops', { n: stops })}`}
        </div>
      </div>
    </li>
  );
}

function Itinerary({ plan, t }: { plan: RoutePlan; t: Translate }) {
  const dep = plan.departure;
  const arr = plan.arrival;
  return (
    <li className="card itinerary" data-testid="itinerary">
      <div className="itinerary-head">
        <span className="itinerary-times">
          <time>{formatClock(dep.realtime_time ?? dep.planned_time)}</time> <Delay minutes={dep.delay_minutes} />
          {' → '}
          <time>{formatClock(arr.realtime_time ?? arr.planned_time)}</time> <Delay minutes={arr.delay_minutes} />
        </span>
        <span className="itinerary-meta">{formatDuration(plan.duration_minutes)} · {transfersLabel(plan.transfers, t)}</span>
      </div>
      <div className="itinerary-lines" aria-hidden="true">
        {plan.legs.filter((l) => l.transport_type !== 'PEDESTRIAN').map((l, i) => (
          <LineBadge key={i} line={l.line} transportType={l.transport_type} />
        ))}
      </div>
      <details>
        <summary>{t('planDetails')}</summary>
        <ol className="legs">{plan.legs.map((leg, i) => <Leg key={i} leg={leg} t={t} />)}</ol>
      </details>
    </li>
  );
}

export function PlannerPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const mode = (['depart', 'arrive'].includes(search.get('mode') ?? '') ? search.get('mode') : 'now') as TimeMode;
  const time = search.get('time');

  const [draft, setDraft] = useState(() => ({
    from, fromName: search.get('fromName') ?? '', to, toName: search.get('toName') ?? '',
    mode, time: time ?? toLocalInput(Date.now()),
  }));
  const [missing, setMissing] = useState(false);
  const submitted = search.get('go') === '1' && from !== '' && to !== '';
  const plan = usePolledResource<RoutePlanResponse>(submitted ? routePlanUrl(from, to, mode, time) : null, { poll: false });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.from || !draft.to) {
      setMissing(true);
      return;
    }
    setMissing(false);
    navigate(paths.plan({
      from: draft.from, fromName: draft.fromName, to: draft.to, toName: draft.toName, mode: draft.mode,
      time: draft.mode === 'now' ? undefined : draft.time, go: '1',
    }));
  };

  return (
    <section className="page" aria-labelledby="plan-heading">
      <header className="page-header">
        <h1 id="plan-heading">{t('planHeading')}</h1>
      </header>
      <form className="card planner-form" onSubmit={submit} noValidate>
        <StationSearch key={`from-${draft.fromName}`} label={t('planFrom')} name="from" initialText={draft.fromName}
          onSelect={(s) => setDraft((d) => ({ ...d, from: s.id, fromName: stationLabel(s) }))} />
        <button type="button" className="button secondary swap" aria-label={t('planSwap')}
          onClick={() => setDraft((d) => ({ ...d, from: d.to, fromName: d.toName, to: d.from, toName: d.fromName }))}>⇅</button>
        <StationSearch key={`to-${draft.toName}`} label={t('planTo')} name="to" initialText={draft.toName}
          onSelect={(s) => setDraft((d) => ({ ...d, to: s.id, toName: stationLabel(s) }))} />
        <fieldset className="when">
          <legend>{t('planWhen')}</legend>
          {(['now', 'depart', 'arrive'] as const).map((m) => (
            <label key={m} className="radio">
              <input type="radio" name="mode" value={m} checked={draft.mode === m} onChange={() => setDraft((d) => ({ ...d, mode: m }))} />
              {m === 'now' ? t('planNow') : m === 'depart' ? t('planDepart') : t('planArrive')}
            </label>
          ))}
          {draft.mode !== 'now' && (
            <label className="time-input">
              <span>{t('planTime')}</span>
              <input type="datetime-local" value={draft.time} onChange={(e) => setDraft((d) => ({ ...d, time: e.target.value }))} />
            </label>
          )}
        </fieldset>
        <button type="submit" className="button primary">{t('planSubmit')}</button>
        {missing && <p className="form-error" role="alert">{t('planChooseBoth')}</p>}
      </form>

      {plan.loading && <p className="muted" role="status">{t('planLoading')}</p>}
      {plan.error && plan.error.status === 404 && <Banner kind="info">{t('planNone')}</Banner>}
      {plan.error && plan.error.status !== 404 && (
        <Banner kind={plan.error.kind === 'network' ? 'offline' : 'error'}>
          {plan.error.kind === 'network' ? t('offlineNoData') : plan.error.message}
        </Banner>
      )}
      {plan.data && (
        <>
          <h2 className="plan-summary">{plan.data.origin.name} → {plan.data.destination.name}</h2>
          {plan.data.plans.length === 0 ? <p className="muted">{t('planNone')}</p> : (
            <ol className="itineraries" aria-label={t('planHeading')}>
              {plan.data.plans.map((p, i) => <Itinerary key={i} plan={p} t={t} />)}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
