/** A half-open time range [start, end): the one span type of windows, buckets and ranges. @unit Unix seconds */
export interface TimeSpan {
  start: number;
  end: number;
}
