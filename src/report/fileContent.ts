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
