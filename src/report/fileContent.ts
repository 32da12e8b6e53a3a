// A rendered file: its whole text, or its bytes made in chunks on demand, so a large export (the
// judgments CSV) is written or sent without ever being one string. Each chunks() call starts over.
export type FileContent = string | { readonly chunks: () => Iterable<Uint8Array> };

/** The file's bytes as UTF-8 chunks, whichever form it has. */
export function* contentChunks(content: FileContent): Generator<Uint8Array> {
  if (typeof content === 'string') yield Buffer.from(content, 'utf8');
  else yield* content.chunks();
}

/** The whole file as text (for small files and tests; large chunked files are better streamed). */
export function contentText(content: FileContent): string {
  if (typeof content === 'string') return content;
  return Buffer.concat([...content.chunks()]).toString('utf8');
}

/**
 * Files whose names are known only once they are made (the charts of assets/, one per chart the
 * report has), handed to the writer as one entry: names are relative to the entry's folder.
 */
export type FileGroup = ReadonlyMap<string, FileContent>;

/** What the writer is handed per entry: a file, or a file or a folder's files still being made. */
export type PendingFile = FileContent | Promise<FileContent | FileGroup>;
