// UI strings in English and German. Place and station names are shown exactly as MVG sends them.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'en' | 'de';

const en = {
  appName: 'BahnVision',
  navSearch: 'Stations',
  navPlan: 'Journey',
  navOps: 'Operations',
  skipToContent: 'Skip to content',
  themeToggle: 'Switch colour theme',
  themeLight: 'Light',
  themeDark: 'Dark',
  themeSystem: 'System',
  language: 'Language',
  searchHeading: 'Find a station',
  searchLabel: 'Station',
  searchPlaceholder: 'e.g. Marienplatz',
  searchHint: 'Type at least one letter; use the arrow keys to choose.',
  searchNoResults: 'No station matches “{q}”.',
  searchSearching: 'Searching…',
  searchResults: '{n} stations',
  recentHeading: 'Recent stations',
  recentClear: 'Clear',
  boardHeading: 'Departures',
  boardLoading: 'Loading departures…',
  boardEmpty: 'No departures in the next hours.',
  boardEmptyFiltered: 'No departures of the selected transport types.',
  boardShowAll: 'Show all transport types',
  boardPlatformChanged: 'platform changed',
  boardOccupancy: 'Occupancy: {level}',
  occupancyLOW: 'seats free',
  occupancyMEDIUM: 'filling up',
  occupancyHIGH: 'crowded',
  boardDataAge: 'data {age} old',
  boardFilter: 'Transport types',
  boardAll: 'All',
  boardLine: 'Line',
  boardDestination: 'Destination',
  boardPlanned: 'Planned',
  boardExpected: 'Expected',
  boardDelay: 'Delay',
  boardPlatform: 'Platform',
  boardIn: 'in',
  boardNow: 'now',
  boardCancelled: 'cancelled',
  boardOnTime: 'on time',
  boardNoLive: 'no live data',
  boardUpdated: 'Updated {time}',
  boardRefresh: 'Refresh',
  boardPlanFrom: 'Plan a journey from here',
  boardHistory: 'Delay history',
  staleBanner: 'Live data is delayed: showing departures as of {time} ({age} old). MVG is not answering right now.',
  staleRefreshing: 'Refreshing data from MVG…',
  offlineBanner: 'The BahnVision service cannot be reached. Showing the last board from {time}; retrying automatically.',
  offlineNoData: 'The BahnVision service cannot be reached. Retrying automatically.',
  upstreamError: 'MVG is not available right now ({detail}). Retrying automatically.',
  rateLimited: 'Too many requests from this device. Retrying automatically in a moment.',
  notFound: 'Not found: {detail}',
  planHeading: 'Plan a journey',
  planFrom: 'From',
  planTo: 'To',
  planSwap: 'Swap origin and destination',
  planWhen: 'When',
  planDepart: 'Depart at',
  planArrive: 'Arrive by',
  planNow: 'Now',
  planTime: 'Time',
  planSubmit: 'Find connections',
  planLoading: 'Finding connections…',
  planNone: 'No connection found.',
  planChooseBoth: 'Choose a station for both origin and destination.',
  planTransfers: '{n} transfers',
  planTransfer1: '1 transfer',
  planTransfer0: 'direct',
  planWalk: 'Walk',
  planStops: '{n} stops',
  planPlatform: 'Platform {p}',
  planDetails: 'Details',
  historyHeading: 'Delay history',
  historyUnavailable: 'Delay history is not available on this server.',
  historyObserved: 'Departures observed',
  historyOnTime: 'On time',
  historyMean: 'Mean delay',
  historyP90: '90th percentile delay',
  historyCancellations: 'Cancellations',
  historyByLine: 'By line',
  historyByHour: 'Mean delay by hour of day',
  historyWindow: 'Last {n} hours',
  opsHeading: 'Operations',
  opsVersion: 'Version',
  opsUptime: 'Uptime',
  opsHitRatio: 'Cache hit ratio',
  opsMvgLatency: 'MVG latency',
  opsMvgRequests: 'MVG requests',
  opsRequests: 'Requests',
  opsRequestRate: 'Request rate',
  opsErrors: '5xx errors',
  opsInFlight: 'In flight',
  opsBreakers: 'Circuit breakers',
  opsRoutes: 'Routes',
  opsCaches: 'Caches',
  opsDependencies: 'Dependencies',
  opsRoute: 'Route',
  opsCount: 'Requests',
  opsP95: 'p95',
  opsNoData: 'no data yet',
  pageNotFound: 'This page does not exist.',
  backToSearch: 'Back to station search',
  minutes: '{n} min',
};

export type MessageKey = keyof typeof en;

const de: Record<MessageKey, string> = {
  appName: 'BahnVision',
  navSearch: 'Haltestellen',
  navPlan: 'Verbindung',
  navOps: 'Betrieb',
  skipToContent: 'Zum Inhalt springen',
  themeToggle: 'Farbschema wechseln',
  themeLight: 'Hell',
  themeDark: 'Dunkel',
  themeSystem: 'System',
  language: 'Sprache',
  searchHeading: 'Haltestelle suchen',
  searchLabel: 'Haltestelle',
  searchPlaceholder: 'z. B. Marienplatz',
  searchHint: 'Mindestens einen Buchstaben eingeben; mit den Pfeiltasten auswählen.',
  searchNoResults: 'Keine Haltestelle passt zu „{q}“.',
  searchSearching: 'Suche…',
  searchResults: '{n} Haltestellen',
  recentHeading: 'Zuletzt gesucht',
  recentClear: 'Löschen',
  boardHeading: 'Abfahrten',
  boardLoading: 'Abfahrten werden geladen…',
  boardEmpty: 'Keine Abfahrten in den nächsten Stunden.',
  boardEmptyFiltered: 'Keine Abfahrten der gewählten Verkehrsmittel.',
  boardShowAll: 'Alle Verkehrsmittel zeigen',
  boardPlatformChanged: 'Gleiswechsel',
  boardOccupancy: 'Auslastung: {level}',
  occupancyLOW: 'freie Plätze',
  occupancyMEDIUM: 'gut besetzt',
  occupancyHIGH: 'voll',
  boardDataAge: 'Daten {age} alt',
  boardFilter: 'Verkehrsmittel',
  boardAll: 'Alle',
  boardLine: 'Linie',
  boardDestination: 'Ziel',
  boardPlanned: 'Plan',
  boardExpected: 'Erwartet',
  boardDelay: 'Verspätung',
  boardPlatform: 'Gleis',
  boardIn: 'in',
  boardNow: 'jetzt',
  boardCancelled: 'fällt aus',
  boardOnTime: 'pünktlich',
  boardNoLive: 'keine Echtzeit',
  boardUpdated: 'Stand {time}',
  boardRefresh: 'Aktualisieren',
  boardPlanFrom: 'Verbindung ab hier planen',
  boardHistory: 'Verspätungsstatistik',
  staleBanner: 'Echtzeitdaten verzögert: Abfahrten mit Stand {time} ({age} alt). MVG antwortet gerade nicht.',
  staleRefreshing: 'Daten werden bei der MVG aktualisiert…',
  offlineBanner: 'Der BahnVision-Dienst ist nicht erreichbar. Letzte Tafel von {time}; neuer Versuch läuft automatisch.',
  offlineNoData: 'Der BahnVision-Dienst ist nicht erreichbar. Neuer Versuch läuft automatisch.',
  upstreamError: 'Die MVG ist gerade nicht erreichbar ({detail}). Neuer Versuch läuft automatisch.',
  rateLimited: 'Zu viele Anfragen von diesem Gerät. Neuer Versuch läuft gleich automatisch.',
  notFound: 'Nicht gefunden: {detail}',
  planHeading: 'Verbindung planen',
  planFrom: 'Von',
  planTo: 'Nach',
  planSwap: 'Start und Ziel tauschen',
  planWhen: 'Wann',
  planDepart: 'Abfahrt',
  planArrive: 'Ankunft',
  planNow: 'Jetzt',
  planTime: 'Zeit',
  planSubmit: 'Verbindungen suchen',
  planLoading: 'Verbindungen werden gesucht…',
  planNone: 'Keine Verbindung gefunden.',
  planChooseBoth: 'Bitte Start und Ziel wählen.',
  planTransfers: '{n} Umstiege',
  planTransfer1: '1 Umstieg',
  planTransfer0: 'direkt',
  planWalk: 'Fußweg',
  planStops: '{n} Halte',
  planPlatform: 'Gleis {p}',
  planDetails: 'Details',
  historyHeading: 'Verspätungsstatistik',
  historyUnavailable: 'Die Verspätungsstatistik ist auf diesem Server nicht verfügbar.',
  historyObserved: 'Beobachtete Abfahrten',
  historyOnTime: 'Pünktlich',
  historyMean: 'Mittlere Verspätung',
  historyP90: '90-%-Verspätung',
  historyCancellations: 'Ausfälle',
  historyByLine: 'Nach Linie',
  historyByHour: 'Mittlere Verspätung nach Tageszeit',
  historyWindow: 'Letzte {n} Stunden',
  opsHeading: 'Betrieb',
  opsVersion: 'Version',
  opsUptime: 'Laufzeit',
  opsHitRatio: 'Cache-Trefferquote',
  opsMvgLatency: 'MVG-Latenz',
  opsMvgRequests: 'MVG-Anfragen',
  opsRequests: 'Anfragen',
  opsRequestRate: 'Anfragerate',
  opsErrors: '5xx-Fehler',
  opsInFlight: 'In Bearbeitung',
  opsBreakers: 'Circuit Breaker',
  opsRoutes: 'Routen',
  opsCaches: 'Caches',
  opsDependencies: 'Abhängigkeiten',
  opsRoute: 'Route',
  opsCount: 'Anfragen',
  opsP95: 'p95',
  opsNoData: 'noch keine Daten',
  pageNotFound: 'Diese Seite gibt es nicht.',
  backToSearch: 'Zur Haltestellensuche',
  minutes: '{n} Min.',
};

export const messages: Record<Lang, Record<MessageKey, string>> = { en, de };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translate(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return messages[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

const kLangKey = 'bahnvision.lang';

export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(kLangKey);
    if (saved === 'en' || saved === 'de') return saved;
  } catch {
    // storage unavailable
  }
  return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('de') ? 'de' : 'en';
}

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18n>({ lang: 'en', setLang: () => undefined, t: (k, v) => translate('en', k, v) });

export function I18nProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => fixed ?? initialLang());
  const value = useMemo<I18n>(() => ({
    lang,
    setLang: (next) => {
      setLangState(next);
      document.documentElement.lang = next;
      try {
        localStorage.setItem(kLangKey, next);
      } catch {
        // not remembered
      }
    },
    t: (key, vars) => translate(lang, key, vars),
  }), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
