/** Unix seconds → 'YYYY-MM-DD HH:MM:SS' (UTC), the seed's datetime display. */
export function utcDateTime(seconds: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** Unix seconds → UTC day number (days since 1970-01-01). */
export function utcDay(seconds: number): number {
  return Math.floor(seconds / 86400);
}
