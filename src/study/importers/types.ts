// What every importer returns: pure parsing of one file's text into rows keyed by prompt.
import type { Issue } from '../../errors.ts';

/** Where one system's completions in a file came from (recorded in the study's provenance). */
export interface SystemSource {
  system: string;
  generator?: string;
  samplingConfig?: string;
  samplingParams?: Record<string, unknown>;
  sampleIndex?: number;
}

export interface ParsedRow {
  prompt: string;
  /** 1-based line in the file, when known. */
  line?: number;
  id?: string;
  tags?: string[];
  /** Cleaned completions of the systems this row has (a missing system is simply absent). */
  completions: Record<string, string>;
}

export interface ParsedFile {
  systems: SystemSource[];
  rows: ParsedRow[];
  /** What the importer chose and did, for the user to read. */
  notes: string[];
  /** Problems that stop the import. */
  issues: Issue[];
}

/** Options for one file (comma lists on the command line are split per file before this). */
export interface FileOptions {
  samplingConfig?: string;
  sampleIndex?: number;
  systemId?: string;
  promptField?: string;
  systemFields?: string[];
  idField?: string;
}

export type Importer = (text: string, file: string, options: FileOptions) => ParsedFile;

/** System ids may not contain spaces; a model name might. */
export function toSystemId(name: string): string {
  return name.trim().replace(/\s+/g, '-');
}
