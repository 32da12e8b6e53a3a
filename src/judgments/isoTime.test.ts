import { describe, expect, it } from 'vitest';
import { rngFor } from '../stats/random/rng.ts';
import { parseIsoTime } from './isoTime.ts';

describe('parseIsoTime', () => {
  it('equals Date.parse on timestamps as toISOString writes them, across years and months', () => {
    const rng = rngFor('iso-time');
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor((rng() - 0.5) * 2 * 4e12); // about 1843 to 2096, also before 1970
      const s = new Date(ms).toISOString();
      expect(parseIsoTime(s)).toBe(Date.parse(s));
      expect(parseIsoTime(s)).toBe(ms);
    }
  });

  it('equals Date.parse on other forms and on malformed ones', () => {
    const cases = [
      '2024-02-29T12:00:00.000Z', '2023-02-29T12:00:00.000Z', '2024-04-31T00:00:00.000Z', '2024-12-31T23:59:59.999Z',
      '2024-13-01T00:00:00.000Z', '2024-00-10T00:00:00.000Z', '2024-01-00T00:00:00.000Z', '2024-01-10T24:00:00.000Z',
      '2024-01-10T23:60:00.000Z', '2024-01-10T23:59:60.000Z', '2024-01-10T10:00:00.000+', '2024-01-10 10:00:00.000Z',
      '2024-01-10T10:00:00Z', '2024-01-10T10:00:00.000+02:00', '2024-01-10', 'x024-01-10T10:00:00.000Z',
      '2024-01-1aT10:00:00.000Z', 'not a date', '', '+002024-01-10T10:00:00.000Z',
    ];
    for (const s of cases) expect(parseIsoTime(s), s).toBe(Date.parse(s));
  });
});
