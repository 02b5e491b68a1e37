import { describe, expect, it } from 'vitest';
import { badgeTextColour, contrastRatio, lineColour } from './lines';

describe('line colours', () => {
  it('uses the line colour, else the mode colour', () => {
    expect(lineColour('U3', 'UBAHN')).toBe('#ec6726');
    expect(lineColour('u3', null)).toBe('#ec6726');
    expect(lineColour('19', 'TRAM')).toBe('#d82020');
    expect(lineColour('X99', 'UNKNOWN')).toBe('#4a4a4a');
  });
  it('gives every badge text of at least 3:1 contrast (large bold text, WCAG AA)', () => {
    const lines = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'S1', 'S2', 'S3', 'S4', 'S6', 'S7', 'S8', 'S20'];
    const modes = ['UBAHN', 'SBAHN', 'TRAM', 'BUS', 'REGIONAL_BUS', 'BAHN', 'SCHIFF', 'SEV', 'PEDESTRIAN'];
    for (const bg of [...lines.map((l) => lineColour(l, null)), ...modes.map((m) => lineColour(null, m))]) {
      expect(contrastRatio(bg, badgeTextColour(bg)), bg).toBeGreaterThanOrEqual(3);
    }
  });
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(badgeTextColour('#16bae7')).toBe('#111111');
    expect(badgeTextColour('#0065ae')).toBe('#ffffff');
  });
});
