import { describe, expect, it } from 'vitest';
import { matchRoute, paths } from './router';

describe('routes', () => {
  it('round-trips station ids through paths', () => {
    expect(matchRoute(paths.departures('de:09162:2'))).toEqual({ page: 'departures', stationId: 'de:09162:2' });
    expect(matchRoute(paths.history('de:09162:2'))).toEqual({ page: 'history', stationId: 'de:09162:2' });
  });
  it('knows the pages and nothing else', () => {
    expect(matchRoute('/').page).toBe('search');
    expect(matchRoute('/plan').page).toBe('plan');
    expect(matchRoute('/ops').page).toBe('ops');
    expect(matchRoute('/departures').page).toBe('not-found');
    expect(matchRoute('/etc/passwd').page).toBe('not-found');
  });
  it('builds planner links with only the given parameters', () => {
    expect(paths.plan({ from: 'de:09162:2', to: undefined })).toBe('/plan?from=de%3A09162%3A2');
    expect(paths.plan()).toBe('/plan');
  });
});
