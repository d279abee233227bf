/** The bucket widths of the Usage and Costs API, shortest first. */
export const BUCKET_WIDTHS = ['1m', '1h', '1d'] as const;

export type BucketWidth = (typeof BUCKET_WIDTHS)[number];

/** Seconds per bucket width: the one table the client and the emulator both read. */
export const WIDTH_SECONDS: Readonly<Record<BucketWidth, number>> = { '1m': 60, '1h': 3600, '1d': 86_400 };
