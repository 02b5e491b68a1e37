// Type-ahead station search following the WAI-ARIA combobox pattern: the input keeps focus,
// arrow keys move the active option (aria-activedescendant), Enter picks it, Escape closes.
// Queries go out after a pause in typing (debounced), never one per keystroke.
import { useId, useState, type KeyboardEvent } from 'react';
import { buildUrl } from '../api/client';
import type { Station, StationSearchResponse } from '../api/types';
import { useDebounced } from '../hooks/useDebounced';
import { usePolledResource } from '../hooks/usePolledResource';
import { useI18n } from '../i18n';

export const kSearchDebounceMs = 250;

export interface StationSearchProps {
  label: string;
  onSelect: (station: Station) => void;
  initialText?: string;
  autoFocus?: boolean;
  name?: string;
}

export function stationLabel(s: Pick<Station, 'name' | 'place'>): string {
  return s.place && s.place !== s.name ? `${s.name}, ${s.place}` : s.name;
}

export function StationSearch({ label, onSelect, initialText = '', autoFocus = false, name }: StationSearchProps) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState(initialText);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const query = useDebounced(text.trim(), kSearchDebounceMs);
  const url = open && query.length > 0 ? buildUrl('/api/v1/mvg/stations/search', { q: query, limit: 8 }) : null;
  const search = usePolledResource<StationSearchResponse>(url, { poll: false });
  const results = search.data?.results ?? [];
  const listId = `${id}-list`;
  const showList = open && query.length > 0;
  const pending = showList && (search.loading || query !== text.trim());

  const choose = (station: Station) => {
    setText(stationLabel(station));
    setOpen(false);
    setActive(-1);
    onSelect(station);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      if (results.length > 0) setActive((a) => (a + 1) % results.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (results.length > 0) setActive((a) => (a <= 0 ? results.length - 1 : a - 1));
    } else if (e.key === 'Enter') {
      const pick = results[active >= 0 ? active : 0];
      if (showList && pick && !pending) {
        e.preventDefault();
        choose(pick);
      }
    } else if (e.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  };

  let status = '';
  if (showList) {
    if (pending) status = t('searchSearching');
    else if (search.error?.status === 404 || (search.data && results.length === 0)) status = t('searchNoResults', { q: query });
    else if (search.error) status = search.error.message;
    else status = t('searchResults', { n: results.length });
  }

  return (
    <div className="combo">
      <label htmlFor={`${id}-input`} className="combo-label">{label}</label>
      <input
        id={`${id}-input`}
        name={name}
        className="combo-input"
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        autoFocus={autoFocus}
        placeholder={t('searchPlaceholder')}
        aria-autocomplete="list"
        aria-expanded={showList && results.length > 0}
        aria-controls={listId}
        aria-activedescendant={active >= 0 && showList ? `${id}-opt-${active}` : undefined}
        aria-describedby={`${id}-status`}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <div id={`${id}-status`} className="combo-status" role="status" aria-live="polite">{status}</div>
      <ul id={listId} role="listbox" aria-label={label} className="combo-list" hidden={!showList || results.length === 0 || pending}>
        {results.map((s, i) => (
          <li
            key={s.id}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'combo-option active' : 'combo-option'}
            // mousedown, not click: the input's blur would close the list before a click lands
            onMouseDown={(e) => {
              e.preventDefault();
              choose(s);
            }}
            onMouseEnter={() => setActive(i)}
          >
            <span className="combo-name">{s.name}</span>
            {s.place && <span className="combo-place">{s.place}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
