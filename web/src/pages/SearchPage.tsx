import { useState } from 'react';
import { StationSearch } from '../components/StationSearch';
import { useI18n } from '../i18n';
import { clearRecent, loadRecent, rememberStation, type RecentStation } from '../lib/recent';
import { Link, navigate, paths } from '../lib/router';

export function SearchPage() {
  const { t } = useI18n();
  const [recent, setRecent] = useState<RecentStation[]>(() => loadRecent());
  return (
    <section className="page search-page" aria-labelledby="search-heading">
      <header className="page-header">
        <h1 id="search-heading">{t('searchHeading')}</h1>
        <p className="muted">{t('searchHint')}</p>
      </header>
      <div className="card">
        <StationSearch label={t('searchLabel')} autoFocus
          onSelect={(s) => {
            setRecent(rememberStation(s));
            navigate(paths.departures(s.id));
          }} />
      </div>
      {recent.length > 0 && (
        <section className="recent" aria-labelledby="recent-heading">
          <div className="section-head">
            <h2 id="recent-heading">{t('recentHeading')}</h2>
            <button type="button" className="link-button" onClick={() => { clearRecent(); setRecent([]); }}>{t('recentClear')}</button>
          </div>
          <ul className="recent-list">
            {recent.map((s) => (
              <li key={s.id}>
                <Link href={paths.departures(s.id)}>
                  <span className="combo-name">{s.name}</span>
                  {s.place && <span className="combo-place">{s.place}</span>}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
