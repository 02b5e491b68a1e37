import { useEffect, useRef, useState } from 'react';
import { useI18n, type Lang } from './i18n';
import { Link, matchRoute, paths, useLocation } from './lib/router';
import { DeparturesPage } from './pages/DeparturesPage';
import { HistoryPage } from './pages/HistoryPage';
import { OpsPage } from './pages/OpsPage';
import { PlannerPage } from './pages/PlannerPage';
import { SearchPage } from './pages/SearchPage';
import { applyTheme, loadTheme, nextTheme, type Theme } from './theme';

export function App() {
  const { t, lang, setLang } = useI18n();
  const location = useLocation();
  const route = matchRoute(location.pathname);
  const [theme, setTheme] = useState<Theme>(loadTheme);

  const navigated = useRef(false);

  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => {
    if (route.page !== 'departures') document.title = 'BahnVision';
    // After a client-side navigation, move focus to the new page (as a page load would); not on
    // the first load, where the first Tab must still reach the skip link.
    if (navigated.current) document.getElementById('main')?.focus({ preventScroll: true });
    navigated.current = true;
  }, [route.page]);

  const nav = [
    { href: paths.search(), label: t('navSearch'), active: route.page === 'search' || route.page === 'departures' || route.page === 'history' },
    { href: paths.plan(), label: t('navPlan'), active: route.page === 'plan' },
    { href: paths.ops(), label: t('navOps'), active: route.page === 'ops' },
  ];
  const themeLabel = theme === 'system' ? t('themeSystem') : theme === 'dark' ? t('themeDark') : t('themeLight');

  return (
    <>
      <a className="skip-link" href="#main">{t('skipToContent')}</a>
      <header className="topbar">
        <Link href="/" className="brand" aria-label="BahnVision">
          <span className="brand-mark" aria-hidden="true">BV</span>
          <span className="brand-name">BahnVision</span>
        </Link>
        <nav aria-label="Main">
          <ul>
            {nav.map((n) => (
              <li key={n.href}><Link href={n.href} aria-current={n.active ? 'page' : undefined}>{n.label}</Link></li>
            ))}
          </ul>
        </nav>
        <div className="tools">
          <button type="button" className="icon-button" onClick={() => setTheme(nextTheme(theme))}
            aria-label={`${t('themeToggle')}: ${themeLabel}`} title={`${t('themeToggle')}: ${themeLabel}`}>
            {theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'}
          </button>
          <label className="visually-hidden" htmlFor="lang-select">{t('language')}</label>
          <select id="lang-select" className="lang" value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
            <option value="en">EN</option>
            <option value="de">DE</option>
          </select>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {route.page === 'search' && <SearchPage />}
        {route.page === 'departures' && <DeparturesPage key={route.stationId} stationId={route.stationId} />}
        {route.page === 'history' && <HistoryPage key={route.stationId} stationId={route.stationId} />}
        {route.page === 'plan' && <PlannerPage />}
        {route.page === 'ops' && <OpsPage />}
        {route.page === 'not-found' && (
          <section className="page">
            <h1>{t('pageNotFound')}</h1>
            <Link href="/">{t('backToSearch')}</Link>
          </section>
        )}
      </main>
    </>
  );
}
