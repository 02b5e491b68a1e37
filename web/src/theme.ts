// Light/dark theme: follows the system unless the rider picked one (remembered locally).
export type Theme = 'system' | 'light' | 'dark';
const kThemeKey = 'bahnvision.theme';

export function loadTheme(): Theme {
  try {
    const v = localStorage.getItem(kThemeKey);
    if (v === 'light' || v === 'dark') return v;
  } catch {
    // storage unavailable
  }
  return 'system';
}

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  try {
    if (theme === 'system') localStorage.removeItem(kThemeKey);
    else localStorage.setItem(kThemeKey, theme);
  } catch {
    // not remembered
  }
}

export function nextTheme(theme: Theme): Theme {
  return theme === 'system' ? 'dark' : theme === 'dark' ? 'light' : 'system';
}
