// Line badge colours after MVG's network map. Unknown lines get their mode's colour.

const kLineColours: Record<string, string> = {
  U1: '#52822f', U2: '#c20831', U3: '#ec6726', U4: '#00a984', U5: '#bc7a00', U6: '#0065ae',
  U7: '#52822f', U8: '#c20831',
  S1: '#16bae7', S2: '#76b82a', S3: '#951b81', S4: '#e30613', S6: '#00975f', S7: '#943126',
  S8: '#000000', S20: '#f05a73',
};

const kModeColours: Record<string, string> = {
  UBAHN: '#0065ae', SBAHN: '#408335', TRAM: '#d82020', BUS: '#00586a', REGIONAL_BUS: '#1d5f8a',
  BAHN: '#6b6b6b', SCHIFF: '#0c7bbd', SEV: '#8a2b7e', PEDESTRIAN: '#767676',
};

export function lineColour(line: string | null, transportType: string | null): string {
  if (line && kLineColours[line.toUpperCase()]) return kLineColours[line.toUpperCase()]!;
  return kModeColours[(transportType ?? '').toUpperCase()] ?? '#4a4a4a';
}

// Relative luminance (WCAG 2.x) of a #rrggbb colour.
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// White or near-black text, whichever contrasts more with the badge.
export function badgeTextColour(background: string): string {
  return contrastRatio(background, '#ffffff') >= contrastRatio(background, '#111111') ? '#ffffff' : '#111111';
}

export const kTransportTypes = ['UBAHN', 'SBAHN', 'TRAM', 'BUS', 'REGIONAL_BUS', 'BAHN'] as const;
