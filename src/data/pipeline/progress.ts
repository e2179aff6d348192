/** What the pipeline is doing, for the task status (data.md §9). */
export type PrepareProgress =
  | { readonly stage: 'extracting' }
  /** `percent` is undefined when the total is not known yet. */
  | { readonly stage: 'compressing'; readonly percent?: number }
  /** A cache-mode notice such as falling back to prepared chunks. */
  | { readonly stage: 'notice'; readonly message: string };

export type ProgressListener = (progress: PrepareProgress) => void;

const SPINNER = ['|', '/', '-', '\\'];

/** The status message CVAT shows for a progress report; `tick` turns the spinner. */
export function progressMessage(progress: PrepareProgress, tick = 0): string {
  switch (progress.stage) {
    case 'extracting':
      return 'Media files are being extracted...';
    case 'compressing':
      return progress.percent === undefined
        ? `Images are being compressed ${SPINNER[tick % SPINNER.length]}`
        : `Images are being compressed ${progress.percent}%`;
    case 'notice':
      return progress.message;
  }
}

const UNKNOWN_TOTAL_INTERVAL_MS = 500;

/** Reports whole percentages only when they change, so a queue is not flooded with updates. */
export function percentReporter(
  total: number | undefined,
  listener: ProgressListener,
): (done: number) => void {
  let last = -1;
  let lastReportAt = 0;
  return (done) => {
    if (total === undefined || total <= 0) {
      if (Date.now() - lastReportAt < UNKNOWN_TOTAL_INTERVAL_MS) return;
      lastReportAt = Date.now();
      listener({ stage: 'compressing' });
      return;
    }
    const percent = Math.min(100, Math.floor((done / total) * 100));
    if (percent === last) return;
    last = percent;
    listener({ stage: 'compressing', percent });
  };
}
