// The import formats by name.
import { importAlpacaEval } from './alpacaeval.ts';
import { importCsv } from './csv.ts';
import { importJsonl } from './jsonl.ts';
import { importOasstReport } from './oasst-report.ts';
import type { Importer } from './types.ts';

export const IMPORTERS: Record<string, Importer> = {
  'oasst-report': importOasstReport,
  alpacaeval: importAlpacaEval,
  jsonl: importJsonl,
  csv: importCsv,
};

export const FORMAT_NAMES = Object.keys(IMPORTERS);
