// Replies whose verdict could not be read are no judgment (no choice is invented for them), but
// they are not dropped either: each is appended to a side file, judge-unparsed.jsonl in the study's
// results folder, so a template or a model that answers off-script can be seen and fixed. Its
// task is not stored, so the next run asks it again. The file is made only when there is a line.
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { studyResultsDir } from '../store/embedded/paths.ts';

export interface UnparsedReply {
  /** The task id the judgment would have had. */
  task: string;
  study: string;
  judge: string;
  item: string;
  left: string;
  right: string;
  /** The reply as the server sent it, whole. */
  reply: string;
  template: string;
  at: string;
}

export interface UnparsedLog {
  readonly location: string;
  write(entry: UnparsedReply): Promise<void>;
  close(): Promise<void>;
}

export function unparsedLogPath(resultsDir: string, studyId: string): string {
  return join(studyResultsDir(resultsDir, studyId), 'judge-unparsed.jsonl');
}

export function openUnparsedLog(file: string): UnparsedLog {
  let handle: Promise<FileHandle> | undefined;
  // One write at a time, so concurrent tasks never interleave their lines.
  let queue: Promise<void> = Promise.resolve();
  return {
    location: file,
    write(entry) {
      const line = JSON.stringify(entry) + '\n';
      const written = queue.then(async () => {
        handle ??= mkdir(dirname(file), { recursive: true }).then(() => open(file, 'a', 0o644));
        await (await handle).appendFile(line, 'utf8');
      });
      queue = written.catch(() => undefined);
      return written;
    },
    async close() {
      await queue;
      if (handle) await (await handle).close();
    },
  };
}
