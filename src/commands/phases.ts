// `--timings`: where a command's time went, phase by phase, on stderr. Start-up is counted from the
// process's own start (performance.now()'s origin), so loading the code is a phase like the others.

export interface Phases {
  /** Closes the phase running since the last mark (or since start-up). */
  mark(phase: string): void;
  /** One line: each phase's seconds, and the whole. */
  summary(): string;
}

export function phases(): Phases {
  const marks: Array<[string, number]> = [['start-up', performance.now()]];
  let last = marks[0][1];
  return {
    mark(phase) {
      const now = performance.now();
      marks.push([phase, now - last]);
      last = now;
    },
    summary() {
      const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      return `${marks.map(([phase, ms]) => `${phase} ${seconds(ms)}`).join(', ')}; whole command ${seconds(last)}`;
    },
  };
}
