import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, fetchJson } from './client';
import { fakeFetch } from '../test/fixtures';

afterEach(() => vi.unstubAllGlobals());

async function errorOf(body: unknown, status: number): Promise<ApiError> {
  vi.stubGlobal('fetch', fakeFetch([{ status, body }]).fn);
  try {
    await fetchJson('/api/v1/mvg/departures?station=x');
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('fetchJson did not throw');
}

describe('fetchJson errors', () => {
  it('keeps a string detail', async () => {
    expect((await errorOf({ detail: 'Station not found' }, 404)).detail).toBe('Station not found');
  });

  it('names each parameter of a FastAPI 422 list', async () => {
    const body = {
      detail: [
        { type: 'value_error', loc: ['query', 'limit'], msg: 'must be an integer from 1 to 40', input: '99' },
        { type: 'missing', loc: ['query', 'station'], msg: 'Field required', input: null },
      ],
    };
    const err = await errorOf(body, 422);
    expect(err.status).toBe(422);
    expect(err.detail).toBe('limit: must be an integer from 1 to 40; station: Field required');
  });
});
