/** What a costs line item bills: tokens of one kind, media units, a tool or storage. */
export type LineItemKind =
  | 'input'
  | 'cached input'
  | 'cache writes'
  | 'output'
  | 'audio'
  | 'images'
  | 'characters'
  | 'transcription'
  | 'tool'
  | 'storage'
  | 'other';

/** A parsed `line_item` string of the Costs API. */
export interface LineItem {
  raw: string;
  /**
   * The billed model as the line item names it, fine-tunes as `ft-<base>` (a usage model `ft:<base>:org::id` maps to
   * the same key through {@link billingModel}); null for tools and storage.
   */
  model: string | null;
  /** For fine-tunes, the base model (`gpt-4o-2024-08-06` of `ft-gpt-4o-2024-08-06`); else the model. */
  baseModel: string | null;
  kind: LineItemKind;
  /** The kind as written when it is not one of the known ones (kind 'other'), else null. */
  kindText: string | null;
  modality: 'text' | 'audio' | 'image';
  /** Prefixes before ` | ` in order, lower-cased (`evals`, `priority`, `batch`, `assistants api`, …). */
  prefixes: string[];
  tier: 'default' | 'priority' | 'flex' | 'batch';
  evals: boolean;
  fineTuned: boolean;
  longContext: boolean;
  /** An image size such as `1024x1024` when the line item names one. */
  size: string | null;
}

const KINDS: Readonly<Record<string, LineItemKind>> = {
  input: 'input',
  'cached input': 'cached input',
  'cache writes': 'cache writes',
  'cache write': 'cache writes',
  output: 'output',
  audio: 'audio',
  images: 'images',
  image: 'images',
  characters: 'characters',
  transcription: 'transcription',
};
const MODALITIES = ['audio', 'image', 'text'] as const;

/**
 * The key usage rows and line items share for a model: usage names fine-tunes `ft:<base>:<org>:<name>:<id>`, line
 * items `ft-<base>`, so both become `ft-<base>`.
 */
export function billingModel(model: string): string {
  const ft = /^ft:([^:]+)/.exec(model);
  return ft === null ? model : `ft-${ft[1] ?? ''}`;
}

function splitModality(
  text: string,
  where: 'prefix' | 'suffix',
): { rest: string; modality: LineItem['modality'] | null } {
  for (const m of MODALITIES) {
    if (where === 'suffix' && text.endsWith(` ${m}`)) return { rest: text.slice(0, -m.length - 1), modality: m };
    if (where === 'prefix' && text.startsWith(`${m} `)) return { rest: text.slice(m.length + 1), modality: m };
  }
  return { rest: text, modality: null };
}

/**
 * Parses a costs `line_item` into model, kind and flags; every form listed in the API reference is understood
 * (`ft-…`, `evals | …`, `priority | …`, `, cached input`, `, cache writes`, `, long context`, modality words).
 * Strings with one part (`web search tool calls`, `Vector storage`) have no model.
 * @example parseLineItem('priority | gpt-5.6-sol, output, long context') // model 'gpt-5.6-sol', kind 'output', tier 'priority'
 */
export function parseLineItem(raw: string): LineItem {
  if (typeof raw !== 'string') throw new TypeError(`invalid line_item: ${JSON.stringify(raw)} (expected a string)`);
  const sections = raw.split(' | ').map((s) => s.trim());
  const body = sections.pop() ?? '';
  const prefixes = sections.map((s) => s.toLowerCase());
  const tier = prefixes.includes('priority')
    ? 'priority'
    : prefixes.includes('flex')
      ? 'flex'
      : prefixes.includes('batch')
        ? 'batch'
        : 'default';
  const parts = body
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const item: LineItem = {
    raw,
    model: null,
    baseModel: null,
    kind: 'other',
    kindText: null,
    modality: 'text',
    prefixes,
    tier,
    evals: prefixes.includes('evals'),
    fineTuned: false,
    longContext: false,
    size: null,
  };
  if (parts.length <= 1) {
    const text = (parts[0] ?? '').toLowerCase();
    item.kind = text.includes('storage') ? 'storage' : 'tool';
    return item;
  }
  const head = splitModality(parts[0] ?? '', 'suffix');
  let model = head.modality === null ? (parts[0] ?? '') : head.rest;
  if (head.modality !== null) item.modality = head.modality;
  if (model.startsWith('ft:')) model = billingModel(model);
  item.model = model;
  item.fineTuned = model.startsWith('ft-');
  item.baseModel = item.fineTuned ? model.slice(3) : model;
  for (const part of parts.slice(1)) {
    const lower = part.toLowerCase();
    if (lower === 'long context') item.longContext = true;
    else if (/^\d+x\d+$/.test(lower)) item.size = lower;
    else {
      const kind = splitModality(lower, 'prefix');
      if (kind.modality !== null) item.modality = kind.modality;
      const known = KINDS[kind.rest];
      item.kind = known ?? 'other';
      item.kindText = known === undefined ? part : null;
      if (known === 'audio' || known === 'transcription') item.modality = 'audio';
    }
  }
  return item;
}
