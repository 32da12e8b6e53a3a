// Child process for the writer-lock race test. Prints `ready`, then obeys lines on stdin:
// `go <lockFile>` tries to take that lock and prints `won`, `conflict <message>` or `error <message>`;
// `release` releases a lock it won and prints `released`. Exits when stdin closes.
import { createInterface } from 'node:readline';
import { acquireWriterLock, type WriterLock } from '../../src/store/embedded/writer-lock.ts';
import { PrefstudyError } from '../../src/errors.ts';

let held: WriterLock | undefined;
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.startsWith('go ')) {
    acquireWriterLock(line.slice(3), 'the race log').then(
      (lock) => {
        held = lock;
        process.stdout.write('won\n');
      },
      (error: unknown) => {
        const kind = error instanceof PrefstudyError && error.code === 'conflict' ? 'conflict' : 'error';
        process.stdout.write(`${kind} ${String((error as Error).message).replace(/\n/g, ' ')}\n`);
      },
    );
  } else if (line === 'release') {
    const lock = held;
    held = undefined;
    void (lock ? lock.release() : Promise.resolve()).then(() => process.stdout.write('released\n'));
  }
});
lines.on('close', () => process.exit(0));
process.stdout.write('ready\n');
