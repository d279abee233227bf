/** The UTC calendar day (`YYYY-MM-DD`) of a Unix-second time: costs exist only as UTC days. */
export function utcDay(unix: number): string {
  return new Date(unix * 1000).toISOString().slice(0, 10);
}
